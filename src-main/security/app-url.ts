/** The Electron renderer's privileged scheme and the single origin the kiosk UI lives at. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True only for URLs inside the kiosk UI (`app://kiosk/...`). Used to keep navigation inside
 * the app and to accept IPC only from its frames. Parsed, not just prefix-matched, so
 * `app://kiosk@evil/` or `app://kiosk.evil/` never pass.
 */
export function isAllowedAppUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string' || !url.startsWith(`${APP_ORIGIN}/`)) return false;
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === `${APP_SCHEME}:` &&
      parsed.hostname === APP_HOST &&
      parsed.port === '' &&
      parsed.username === '' &&
      parsed.password === ''
    );
  } catch {
    return false;
  }
}
