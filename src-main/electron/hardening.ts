import { app, session } from 'electron';
import { isAllowedAppUrl } from '../security/app-url.js';
import { createLogger } from '../logger.js';

const log = createLogger('electron.hardening');

/**
 * A public kiosk's window must never leave the app: no navigation away, no new windows, no
 * <webview>, and no permission (camera, location, notifications...) is ever granted.
 */
export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    const stayInApp = (event: { preventDefault(): void }, url: string) => {
      if (isAllowedAppUrl(url)) return;
      event.preventDefault();
      log.warn({ url }, 'navigation blocked');
    };
    contents.on('will-navigate', (event) => stayInApp(event, event.url));
    contents.on('will-redirect', (event) => stayInApp(event, event.url));
    contents.setWindowOpenHandler(({ url }) => {
      log.warn({ url }, 'new window blocked');
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
