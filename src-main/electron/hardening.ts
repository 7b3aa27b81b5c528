import { Menu, app, session, type BrowserWindow } from 'electron';
import { isAllowedAppUrl } from '../security/app-url.js';
import { shouldSwallowKey } from '../security/kiosk-lockdown.js';
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

/**
 * Kiosk mode: no application menu (its accelerators reload, zoom and open DevTools), every key
 * that would leave the app swallowed before the page or Chromium sees it (the rules are
 * security/kiosk-lockdown.ts), DevTools closed the moment anything opens them, and the window
 * refuses to close (Alt+F4 where the OS lets an app refuse) unless the app itself is quitting.
 */
export function lockDownKioskWindow(window: BrowserWindow): void {
  Menu.setApplicationMenu(null);
  const contents = window.webContents;
  contents.on('before-input-event', (event, input) => {
    if (!shouldSwallowKey(input)) return;
    event.preventDefault();
    log.info({ key: input.key, control: input.control, alt: input.alt, meta: input.meta }, 'shortcut swallowed');
  });
  contents.on('devtools-opened', () => {
    log.warn('DevTools opened in kiosk mode: closed');
    contents.closeDevTools();
  });
  contents.setVisualZoomLevelLimits(1, 1).catch(() => undefined);
  let quitting = false;
  app.once('before-quit', () => {
    quitting = true;
  });
  window.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    log.info('window close refused in kiosk mode');
  });
}
