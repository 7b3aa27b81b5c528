import type { BridgeErrorCode } from '../../src-shared/bridge-contract.js';
import { assertNever } from '../../src-shared/assert-never.js';
import { ContentBundleError } from '../content/content-bundle-error.js';
import { KioskAuthError, type KioskAuthFailure } from '../enrolment/kiosk-auth-error.js';
import { JournalError } from '../journal/journal-error.js';
import { PrinterError } from '../printer/printer-error.js';
import { TransportError, type TransportFailure } from '../transport/transport-error.js';
import { UpdateError, type UpdateProblem } from '../update/update-error.js';
import { UsbError, type UsbProblem } from '../usb/usb-error.js';
import { BridgeError } from './bridge-error.js';

function transportCode(failure: TransportFailure): BridgeErrorCode {
  switch (failure) {
    case 'offline':
      return 'offline';
    case 'timeout':
      return 'timeout';
    case 'credential_refused':
      return 'unauthorized';
    case 'request_refused':
    case 'bad_request':
      return 'invalid_request';
    case 'bad_answer':
      return 'server_error';
    default:
      return assertNever(failure);
  }
}

function kioskAuthCode(failure: KioskAuthFailure): BridgeErrorCode {
  switch (failure) {
    case 'offline':
      return 'offline';
    case 'timeout':
      return 'timeout';
    case 'refused':
    case 'revoked':
      return 'unauthorized';
    case 'bad_answer':
      return 'server_error';
    default:
      return assertNever(failure);
  }
}

function usbCode(problem: UsbProblem): BridgeErrorCode {
  switch (problem) {
    // The technician picked a folder that is not (or no longer) there: look for sticks again.
    case 'unknown_folder':
    case 'folder_gone':
      return 'invalid_request';
    // The stick is full or read-only: the message says which.
    case 'write_failed':
      return 'internal';
    default:
      return assertNever(problem);
  }
}

function updateCode(problem: UpdateProblem): BridgeErrorCode {
  switch (problem) {
    // The release itself is refused (no key pinned, another key, tampered, not newer, not there): nothing to retry.
    case 'no_release_key':
    case 'wrong_key':
    case 'bad_signature':
    case 'bad_manifest':
    case 'older_version':
    case 'not_found':
      return 'invalid_request';
    // Wrong bytes even fetched again: the source is broken, not the request.
    case 'hash_mismatch':
      return 'server_error';
    case 'download_failed':
      return 'offline';
    case 'install_failed':
      return 'internal';
    default:
      return assertNever(problem);
  }
}

/**
 * The host's services fail in their own terms (a printer's reason, a transport failure, a
 * journal, bundle, USB or kiosk-auth problem) and know nothing of the bridge. This is the one place that says
 * which bridge code the renderer gets for each; the codes are the contract's and the renderer
 * words them for the citizen. Anything else is a host bug: null, and the dispatcher answers
 * `internal`.
 */
export function toBridgeError(error: unknown): BridgeError | null {
  if (error instanceof BridgeError) return error;
  if (error instanceof PrinterError)
    return new BridgeError('printer_error', error.message, { cause: error, reason: error.reason });
  if (error instanceof TransportError)
    return new BridgeError(transportCode(error.failure), error.message, { cause: error });
  // The renderer keeps its own copy of every entry; all it needs to know is that the host failed.
  if (error instanceof JournalError) return new BridgeError('internal', error.message, { cause: error });
  // Every bundle problem is the request's: the technician picked a bundle or page that cannot be used.
  if (error instanceof ContentBundleError) return new BridgeError('invalid_request', error.message, { cause: error });
  // An enrolled kiosk's token for its key, asked on the way to the server: as a transport failure.
  if (error instanceof KioskAuthError)
    return new BridgeError(kioskAuthCode(error.failure), error.message, { cause: error });
  if (error instanceof UsbError) return new BridgeError(usbCode(error.problem), error.message, { cause: error });
  // A release refused or not fetched: the running version stays; the technician screen says why.
  if (error instanceof UpdateError) return new BridgeError(updateCode(error.problem), error.message, { cause: error });
  return null;
}
