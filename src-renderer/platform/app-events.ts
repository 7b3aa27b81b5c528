/**
 * Named app events for tests and diagnostics: e2e tests wait for these instead of sleeping.
 * Kept small and free of personal data (tracking numbers only, never answers). The names and the
 * shape of `window.__tsonkh` are exported from here once; the tests import them (types only).
 */
export const APP_EVENT_NAMES = [
  'answer-locked',
  'answer-opened',
  'answer-printed',
  'answer-wrong-secret',
  'assisted-started',
  'bundle-import-failed',
  'bundle-imported',
  'content-applied',
  'content-rejected',
  'diagnostics-exported',
  'release-from-usb',
  'enrol-refused',
  'enrolled',
  'form-invalid',
  'form-step',
  'hearing-printed',
  'idle-extended',
  'idle-warning',
  'journal-append-failed',
  'journal-restore-failed',
  'journal-restored',
  'language-changed',
  'law-jump',
  'law-opened',
  'law-page',
  'law-print-failed',
  'law-printed',
  'law-search',
  'kiosk-return-applied',
  'offline',
  'online',
  'open-data-applied',
  'open-data-failed',
  'open-data-print-failed',
  'open-data-printed',
  'open-data-map-drawn',
  'open-data-summary-print-failed',
  'open-data-summary-printed',
  'outbox-exported',
  'out-of-service',
  'ready',
  'receipt-print-failed',
  'receipt-printed',
  'screen',
  'search-ready',
  'settings-applied',
  'settings-refused',
  'statuses-updated',
  'storage-full',
  'submission-delivered',
  'submission-quarantined',
  'submission-queued',
  'sync-complete',
  'sync-error',
  'technician-unlocked',
  'track-invalid',
  'track-result',
  'ui-ready',
  'ui-update-activating',
  'ui-update-failed',
  'ui-update-waiting',
  'visit-ended',
  'visit-started',
  'visit-wiped',
] as const;

export type AppEventName = (typeof APP_EVENT_NAMES)[number];

export interface AppEvent {
  name: AppEventName;
  at: number;
  detail?: Record<string, string | number | boolean>;
}

/**
 * `window.__tsonkh.api`: installed by core/test-hooks.ts only when the kiosk config says
 * `testHooks: true`, for fault and load tests.
 */
export interface TestHooksApi {
  /** Queues petitions through the real pipeline; resolves with their tracking numbers once each is durable. */
  queuePetitions(count: number, prefix?: string): Promise<string[]>;
  /** How many outbox entries are in each status (`queued`, `sending`, `accepted`, `quarantined`). */
  outboxCounts(): Promise<Record<string, number>>;
  syncNow(): Promise<void>;
  /** Sends a health report now, due or not (remote settings arrive in its answer); true when sent. */
  reportHealth(): Promise<boolean>;
}

export interface TsonkhDebugHook {
  events: AppEvent[];
  api?: TestHooksApi;
}

declare global {
  interface Window {
    __tsonkh?: TsonkhDebugHook;
  }
}

const MAX_EVENTS = 500;

/** The page's hook object, made on first use. */
export function debugHook(): TsonkhDebugHook {
  const scope = globalThis as { __tsonkh?: TsonkhDebugHook };
  return (scope.__tsonkh ??= { events: [] });
}

export function emitAppEvent(name: AppEventName, detail?: AppEvent['detail']): void {
  const hook = debugHook();
  hook.events.push(detail ? { name, at: Date.now(), detail } : { name, at: Date.now() });
  if (hook.events.length > MAX_EVENTS) hook.events.splice(0, hook.events.length - MAX_EVENTS);
}
