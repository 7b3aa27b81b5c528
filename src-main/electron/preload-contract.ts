import type { BRIDGE_IPC_CHANNEL as ContractChannel, BridgeMethod } from '../../src-shared/bridge-contract.js';

/**
 * The bridge names the sandboxed preload needs, without importing the contract at run time.
 * A sandboxed preload cannot `require` other files, and the contract (with zod) is shared with
 * the main bundle, so the bundler would split it into a chunk the preload cannot load. Only
 * types are imported here, and the compiler checks both lists against the contract: a method
 * added there and not here is a type error.
 */
export const PRELOAD_IPC_CHANNEL: typeof ContractChannel = 'tsonkh:bridge';

export const PRELOAD_METHODS = [
  'kiosk.info',
  'server.health',
  'content.changes',
  'openData.changes',
  'content.findBundles',
  'content.bundlePage',
  'content.bundleKioskReturn',
  'storage.status',
  'usb.findFolders',
  'outbox.exportToUsb',
  'diagnostics.exportToUsb',
  'technician.unlock',
  'assisted.unlock',
  'enrolment.status',
  'enrolment.enrol',
  'technician.changePin',
  'status.changes',
  'status.track',
  'journal.append',
  'journal.ack',
  'journal.pending',
  'submissions.push',
  'health.report',
  'health.outOfService',
  'printer.printReceipt',
  'printer.status',
  'printer.testPage',
  'printer.reprintLast',
  'printer.printText',
  'printer.printAnswer',
  'printer.configure',
  'update.installFromUsb',
] as const satisfies readonly BridgeMethod[];

type Missing = Exclude<BridgeMethod, (typeof PRELOAD_METHODS)[number]>;
/** Fails to compile when the contract has a method this list lacks. */
export const PRELOAD_METHODS_COMPLETE: [Missing] extends [never] ? true : Missing = true;
