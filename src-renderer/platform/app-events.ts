/**
 * Named app events for tests and diagnostics: e2e tests wait for these instead of sleeping.
 * Kept small and free of personal data (tracking numbers only, never answers).
 */
export interface AppEvent {
  name: string;
  at: number;
  detail?: Record<string, string | number | boolean>;
}

interface TsonkhDebugHook {
  events: AppEvent[];
}

declare global {
  interface Window {
    __tsonkh?: TsonkhDebugHook;
  }
}

const MAX_EVENTS = 500;

export function emitAppEvent(name: string, detail?: AppEvent['detail']): void {
  const scope = globalThis as { __tsonkh?: TsonkhDebugHook };
  const hook = (scope.__tsonkh ??= { events: [] });
  hook.events.push(detail ? { name, at: Date.now(), detail } : { name, at: Date.now() });
  if (hook.events.length > MAX_EVENTS) hook.events.splice(0, hook.events.length - MAX_EVENTS);
}
