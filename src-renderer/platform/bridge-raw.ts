import type { BridgeMethod } from '../../src-shared/bridge-contract.js';
import type { KioskPublicInfo } from '../../src-shared/schemas/kiosk-config.js';
import {
  BRIDGE_HTTP_PREFIX,
  BRIDGE_TOKEN_HEADER,
  BRIDGE_TOKEN_META,
  KIOSK_INFO_META,
} from '../../src-shared/bridge-transport.js';

interface PreloadBridge {
  invoke(method: string, payload: unknown): Promise<unknown>;
}

declare global {
  interface Window {
    tsonkhBridge?: PreloadBridge;
  }
}

export type RawInvoke = (method: BridgeMethod, payload: unknown) => Promise<unknown>;

/**
 * The bare transport to the host: Electron's preload, or the loopback HTTP bridge in browser
 * mode. Replies come back unchecked; `createBridgeClient` validates them against the contract.
 */
export function rawInvoke(error: (message: string) => Error = (m) => new Error(m)): RawInvoke {
  const preload = window.tsonkhBridge;
  if (preload) return (m, p) => preload.invoke(m, p);
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
      throw error(`kiosk host unreachable: ${String(e)}`);
    }
    // Refusals (401, 403, 413, 415) still carry a bridge reply body; read it when there is one.
    const body: unknown = await response.json().catch(() => undefined);
    if (body === undefined) throw error(`kiosk host answered ${response.status}`);
    return body;
  };
}

/**
 * The kiosk's public facts for the first screen, before the contract's schemas have loaded.
 * Only the attract screen uses this copy; the full client fetches and validates it again.
 */
export async function firstKioskInfo(): Promise<KioskPublicInfo> {
  // Browser mode: the host put it in the page, which saves a round trip before the first paint.
  const inPage = document.querySelector<HTMLMetaElement>(`meta[name="${KIOSK_INFO_META}"]`)?.content;
  if (inPage) return JSON.parse(inPage) as KioskPublicInfo;
  const reply = (await rawInvoke()('kiosk.info', {})) as { ok?: boolean; value?: KioskPublicInfo } | undefined;
  if (!reply?.ok || !reply.value) throw new Error('kiosk.info failed');
  return reply.value;
}
