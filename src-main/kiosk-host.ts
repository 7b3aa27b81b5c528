import type { BridgeHandlers } from '../src-shared/bridge-contract.js';
import type { KioskConfig, KioskPublicInfo } from '../src-shared/schemas/kiosk-config.js';
import { createHostServices } from './bridge/host-services.js';
import { createPrinter } from './printer/create-printer.js';
import { createServerTransport } from './transport/server-transport.js';

/**
 * Wires one kiosk's services from its config: transport (holding the credential), printer,
 * then the bridge handlers. Electron and browser mode both start here, so they cannot drift.
 */
export function createKioskHandlers(config: KioskConfig, mode: KioskPublicInfo['mode']): BridgeHandlers {
  const transport = createServerTransport({
    url: config.server.url,
    credential: config.server.credential,
    timeoutMs: config.server.timeoutMs,
  });
  return createHostServices({ config, transport, printer: createPrinter(config), mode });
}
