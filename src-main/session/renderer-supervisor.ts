import { assertNever } from '../../src-shared/assert-never.js';

/**
 * Brings the kiosk's page back by itself, in Electron and in browser mode alike (the glue in
 * src-main/electron/kiosk-main.ts and src-main/session/kiosk-session.ts only reports events and carries
 * out actions). A crashed page, or one that stays unresponsive for `hangAfterMs`, is reloaded to
 * the attract screen: the outbox (IndexedDB) and the host's journal are not touched by a reload.
 * When the page fails `maxFailures` times within `failureWindowMs`, reloading again would only
 * show citizens a screen that breaks under them: the page is replaced by the plain "out of
 * service, the technician has been told" screen and an alert is raised, once, instead of a loop.
 */

export interface SupervisorPolicy {
  /** How long the page may stay unresponsive before it counts as hung and is reloaded. */
  hangAfterMs: number;
  /** Failures counted together within this time. */
  failureWindowMs: number;
  /** This many failures within the window: out of service. */
  maxFailures: number;
}

export const DEFAULT_SUPERVISOR_POLICY: SupervisorPolicy = {
  hangAfterMs: 30_000,
  failureWindowMs: 10 * 60_000,
  maxFailures: 3,
};

export type RendererEvent =
  /** The page's process died (Electron render-process-gone, CDP targetCrashed, browser exited). */
  | { type: 'crashed'; reason: string }
  /** The page stopped answering (Electron 'unresponsive', a CDP ping with no answer). */
  | { type: 'unresponsive' }
  /** It answers again. */
  | { type: 'responsive' };

export type SupervisorAction =
  | { type: 'reload'; reason: string }
  | { type: 'out-of-service'; reason: string; failures: number }
  | { type: 'alert'; reason: string; failures: number };

export type SupervisorState = 'running' | 'out-of-service';

export interface RendererSupervisor {
  /** What to do about an event seen at `now` (ms). */
  onEvent(event: RendererEvent, now: number): SupervisorAction[];
  /** Called every second or so: turns a long enough unresponsiveness into a hang. */
  onTick(now: number): SupervisorAction[];
  state(): SupervisorState;
  /** Failure times still inside the window (for logs and tests). */
  recentFailures(now: number): number;
}

export function createRendererSupervisor(policy: SupervisorPolicy = DEFAULT_SUPERVISOR_POLICY): RendererSupervisor {
  let state: SupervisorState = 'running';
  let unresponsiveSince: number | null = null;
  let failures: number[] = [];

  const prune = (now: number) => {
    failures = failures.filter((at) => now - at < policy.failureWindowMs);
  };

  const fail = (reason: string, now: number): SupervisorAction[] => {
    unresponsiveSince = null;
    if (state === 'out-of-service') return [];
    prune(now);
    failures.push(now);
    if (failures.length >= policy.maxFailures) {
      state = 'out-of-service';
      const why = `${failures.length} failures within ${Math.round(policy.failureWindowMs / 1000)} s, last: ${reason}`;
      return [
        { type: 'out-of-service', reason: why, failures: failures.length },
        { type: 'alert', reason: why, failures: failures.length },
      ];
    }
    return [{ type: 'reload', reason }];
  };

  return {
    onEvent(event, now) {
      switch (event.type) {
        case 'crashed':
          return fail(`crashed (${event.reason})`, now);
        case 'unresponsive':
          unresponsiveSince ??= now;
          return [];
        case 'responsive':
          unresponsiveSince = null;
          return [];
        default:
          return assertNever(event, 'renderer event');
      }
    },
    onTick(now) {
      if (unresponsiveSince === null || now - unresponsiveSince < policy.hangAfterMs) return [];
      return fail(`unresponsive for ${Math.round((now - unresponsiveSince) / 1000)} s`, now);
    },
    state: () => state,
    recentFailures(now) {
      prune(now);
      return failures.length;
    },
  };
}

/** The out-of-service screen, a static file of the built renderer (src-renderer/public/). */
export const OUT_OF_SERVICE_PAGE = 'out-of-service.html';
