/**
 * The few lines of cookie handling the console needs (RFC 6265), rather than a plugin: one
 * cookie, read from one header, written with fixed attributes.
 */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{1,256}$/.test(value) ? value : null;
    }
  }
  return null;
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie. */
  maxAge: number;
  /** Set when the request came over HTTPS, so a plain-HTTP development server still works. */
  secure: boolean;
  path: string;
}

/** `Set-Cookie` value: always httpOnly (no script reads it) and SameSite=Strict (no other site sends it). */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [
    `${name}=${value}`,
    `Path=${options.path}`,
    `Max-Age=${options.maxAge}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
