import {
  BRIDGE_HTTP_PREFIX,
  BRIDGE_TOKEN_HEADER,
  BRIDGE_TOKEN_META,
  type BridgeReply,
  type BridgeResponse,
} from '../../src-shared/bridge-contract.js';

/**
 * Browser mode: the session (this process, which owns the screen) tells the kiosk host that the
 * page is out of service, so the host alerts the central office as Electron's main process does.
 * It calls the host's loopback bridge as the page does: the session token is read from the page
 * the host serves (any local process could read it; the bridge's guards are against other
 * origins' pages, which cannot), with the host's own origin. True when the central office
 * acknowledged the alert; false when it could not be sent (host down, offline, no report yet).
 */
export async function tellHostOutOfService(pageUrl: string, reason: string, timeoutMs = 5_000): Promise<boolean> {
  const base = new URL(pageUrl);
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const html = await (await fetch(new URL('/', base), { signal })).text();
    const token = new RegExp(`<meta name="${BRIDGE_TOKEN_META}" content="([A-Za-z0-9_-]+)"`).exec(html)?.[1];
    if (token === undefined) return false;
    const res = await fetch(new URL(`${BRIDGE_HTTP_PREFIX}health.outOfService`, base), {
      method: 'POST',
      headers: { origin: base.origin, [BRIDGE_TOKEN_HEADER]: token, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: reason.slice(0, 500) || 'out of service' }),
      signal,
    });
    const reply = (await res.json()) as BridgeReply<BridgeResponse<'health.outOfService'>>;
    return reply.ok && reply.value.alerted;
  } catch {
    return false;
  }
}
