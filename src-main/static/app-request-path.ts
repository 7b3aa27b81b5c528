import { APP_HOST, APP_SCHEME } from '../security/app-url.js';

/**
 * The URL path an `app://` request asks for, or undefined when the request is for any host
 * other than `app://kiosk/` (the renderer folder is the only thing this scheme serves).
 */
export function appRequestPath(requestUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port !== '' || url.username !== '') {
    return undefined;
  }
  return url.pathname || '/';
}
