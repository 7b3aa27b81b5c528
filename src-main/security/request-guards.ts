import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when the Host header names this loopback bridge (`127.0.0.1:<port>` or
 * `localhost:<port>`). Any other name means a browser was pointed here through DNS
 * rebinding, and such a page must not read the renderer (it carries the session token) nor
 * call the host.
 */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const value = host.toLowerCase();
  return value === `127.0.0.1:${port}` || value === `localhost:${port}`;
}

/**
 * The Origin a browser sends is allowed only when absent (non-browser clients, same-origin
 * GETs) or exactly the bridge's own origin as named by the (already checked) Host header.
 * Browsers always send it on a cross-origin POST, so a foreign page is refused here.
 */
export function isAllowedOrigin(origin: string | undefined, host: string): boolean {
  return origin === undefined || origin === `http://${host.toLowerCase()}`;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time token comparison (hashing first makes the lengths equal, as timingSafeEqual needs). */
export function tokensEqual(presented: string | undefined, expected: string): boolean {
  if (typeof presented !== 'string' || presented.length === 0) return false;
  return timingSafeEqual(digest(presented), digest(expected));
}
