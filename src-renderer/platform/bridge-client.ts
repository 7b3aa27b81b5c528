import {
  BRIDGE_HTTP_PREFIX,
  BRIDGE_TOKEN_HEADER,
  BRIDGE_TOKEN_META,
  bridgeContract,
  bridgeReplySchema,
  type BridgeErrorCode,
  type BridgeMethod,
  type BridgeRequest,
  type BridgeResponse,
} from '../../src-shared/bridge-contract.js';

/**
 * The renderer's only way out: every call goes to the kiosk host, which owns the network,
 * the printer and the credential. Two transports, one typed client built from the contract:
 * Electron's preload (`window.tsonkhBridge`) or, in browser mode, the loopback HTTP bridge.
 */
export class BridgeCallError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeCallError';
  }
}

interface PreloadBridge {
  invoke(method: string, payload: unknown): Promise<unknown>;
}

declare global {
  interface Window {
    tsonkhBridge?: PreloadBridge;
  }
}

type RawInvoke = (method: BridgeMethod, payload: unknown) => Promise<unknown>;

function httpInvoke(): RawInvoke {
  const token = document.querySelector<HTMLMetaElement>(`meta[name="${BRIDGE_TOKEN_META}"]`)?.content ?? '';
  return async (method, payload) => {
    let response: Response;
    try {
      response = await fetch(`${BRIDGE_HTTP_PREFIX}${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [BRIDGE_TOKEN_HEADER]: token },
        body: JSON.stringify(payload),
        cache: 'no-store',
      });
    } catch (e) {
      throw new BridgeCallError('internal', `kiosk host unreachable: ${String(e)}`);
    }
    // Refusals (401, 403, 413, 415) still carry a bridge reply body; read it when there is one.
    const body: unknown = await response.json().catch(() => undefined);
    if (body === undefined) throw new BridgeCallError('internal', `kiosk host answered ${response.status}`);
    return body;
  };
}

export interface BridgeClient {
  call<M extends BridgeMethod>(method: M, request: BridgeRequest<M>): Promise<BridgeResponse<M>>;
}

export function createBridgeClient(): BridgeClient {
  const preload = window.tsonkhBridge;
  const invoke: RawInvoke = preload ? (m, p) => preload.invoke(m, p) : httpInvoke();
  return {
    async call(method, request) {
      const reply = bridgeReplySchema.parse(await invoke(method, request));
      if (!reply.ok) throw new BridgeCallError(reply.error.code, reply.error.message);
      return bridgeContract[method].response.parse(reply.value) as BridgeResponse<typeof method>;
    },
  };
}
