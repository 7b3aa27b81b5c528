import { BridgeCallError } from './bridge-error.js';
import { rawInvoke } from './bridge-raw.js';

export { BridgeCallError };
import {
  bridgeContract,
  bridgeReplySchema,
  type BridgeMethod,
  type BridgeRequest,
  type BridgeResponse,
} from '../../src-shared/bridge-contract.js';

/**
 * The renderer's only way out: every call goes to the kiosk host, which owns the network,
 * the printer and the credential. Two transports, one typed client built from the contract:
 * Electron's preload (`window.tsonkhBridge`) or, in browser mode, the loopback HTTP bridge.
 */
export interface BridgeClient {
  call<M extends BridgeMethod>(method: M, request: BridgeRequest<M>): Promise<BridgeResponse<M>>;
}

export function createBridgeClient(): BridgeClient {
  const invoke = rawInvoke((message) => new BridgeCallError('internal', message));
  return {
    async call(method, request) {
      const reply = bridgeReplySchema.parse(await invoke(method, request));
      if (!reply.ok) throw new BridgeCallError(reply.error.code, reply.error.message, reply.error.reason);
      return bridgeContract[method].response.parse(reply.value) as BridgeResponse<typeof method>;
    },
  };
}
