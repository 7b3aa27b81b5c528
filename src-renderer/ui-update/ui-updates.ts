import { Workbox } from 'workbox-window';
import { emitAppEvent } from '../platform/app-events.js';

/** How often a kiosk asks its host whether a new UI build is there (it is also asked after each visit). */
export const UI_UPDATE_CHECK_MS = 15 * 60_000;

/**
 * The kiosk UI's updates in browser mode, with workbox-window: registers the service worker that
 * keeps the current build (service-worker.ts), lets it look for a new build in the background,
 * and lets a new build take over only when the attract screen shows, between visitors; the page
 * then reloads into it. A visitor's form never changes under their hands. Electron serves the UI
 * from its app:// archive and has no service worker: there this does nothing.
 */
export class UiUpdates {
  private workbox: Workbox | null = null;
  private waiting = false;
  private switching = false;
  private attract = false;

  start(checkEveryMs = UI_UPDATE_CHECK_MS): void {
    if (this.workbox || location.protocol !== 'http:' || !('serviceWorker' in navigator)) return;
    const wb = new Workbox('/sw.js');
    this.workbox = wb;
    wb.addEventListener('waiting', () => {
      this.waiting = true;
      emitAppEvent('ui-update-waiting');
      this.switchIfIdle();
    });
    wb.addEventListener('controlling', () => {
      // Only the take-over asked for at the attract screen reloads; the first worker just starts serving.
      if (this.switching) location.reload();
    });
    wb.register()
      .then(async () => {
        await wb.active;
        const version = (await wb.messageSW({ type: 'GET_VERSION' })) as unknown;
        emitAppEvent('ui-ready', { version: String(version) });
      })
      .catch((error: unknown) => emitAppEvent('ui-update-failed', { reason: String(error) }));
    setInterval(() => this.check(), checkEveryMs);
  }

  /** Asks the host for a new build now; one found installs in the background and waits. */
  check(): void {
    this.workbox?.update().catch(() => undefined);
  }

  /**
   * The attract screen shows (nobody is using the kiosk) or a visit starts. While it shows, a
   * waiting build takes over at once; when it appears, the host is also asked for a new build.
   */
  setAttractScreen(showing: boolean): void {
    this.attract = showing;
    if (showing && !this.switchIfIdle()) this.check();
  }

  private switchIfIdle(): boolean {
    if (!this.workbox || !this.attract || !this.waiting || this.switching) return false;
    this.switching = true;
    emitAppEvent('ui-update-activating');
    this.workbox.messageSkipWaiting();
    return true;
  }
}

/** The page's one updater (main.tsx starts it; the visit's attract screen calls it). */
export const uiUpdates = new UiUpdates();
