import type { BrowserWindow } from 'electron';
import { createLogger } from '../logger.js';
import { APP_ENTRY_URL, APP_ORIGIN } from '../security/app-url.js';
import {
  OUT_OF_SERVICE_PAGE,
  createRendererSupervisor,
  type SupervisorAction,
} from '../session/renderer-supervisor.js';

const log = createLogger('electron.supervisor');

/**
 * Wires the window's crash and hang signals to the renderer supervisor and carries out what it
 * decides (the decisions and their tests are in src-main/session/renderer-supervisor.ts).
 * `onAlert` tells the technician (the host's health report); it must not throw.
 */
export function superviseWindow(window: BrowserWindow, onAlert: (reason: string) => void): void {
  const supervisor = createRendererSupervisor();
  const act = (actions: SupervisorAction[]) => {
    for (const action of actions) {
      if (action.type === 'reload') {
        log.error({ reason: action.reason }, 'kiosk page failed: reloading to the attract screen');
        window.loadURL(APP_ENTRY_URL).catch((err: unknown) => log.error({ err }, 'reload failed'));
      } else if (action.type === 'out-of-service') {
        log.fatal({ reason: action.reason }, 'kiosk page keeps failing: out of service');
        window
          .loadURL(`${APP_ORIGIN}/${OUT_OF_SERVICE_PAGE}`)
          .catch((err: unknown) => log.error({ err }, 'out-of-service page failed'));
      } else {
        onAlert(action.reason);
      }
    }
  };
  window.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    act(supervisor.onEvent({ type: 'crashed', reason: details.reason }, Date.now()));
  });
  window.on('unresponsive', () => act(supervisor.onEvent({ type: 'unresponsive' }, Date.now())));
  window.on('responsive', () => act(supervisor.onEvent({ type: 'responsive' }, Date.now())));
  setInterval(() => act(supervisor.onTick(Date.now())), 1000).unref();
}
