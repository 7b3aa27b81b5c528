import type { BridgeResponse } from '../../src-shared/bridge-contract.js';
import type { KioskPublicInfo } from '../../src-shared/schemas/kiosk-config.js';
import type { BridgeClient } from '../platform/bridge-client.js';
import { emitAppEvent } from '../platform/app-events.js';
import { rawInvoke } from '../platform/bridge-raw.js';

/**
 * A bridge client for the out-of-service gate, which is part of the first screen's chunk: the
 * full client validates every answer with the contract's zod schemas, which would pull zod into
 * that chunk and slow the first paint. The gate's two calls answer small, flat values from the
 * host; the rest of the kiosk uses the full client.
 */
export function gateBridge(): BridgeClient {
  const invoke = rawInvoke();
  return {
    async call(method, request) {
      const reply = (await invoke(method, request)) as { ok?: boolean; value?: unknown; error?: { message?: string } };
      if (reply?.ok !== true) throw new Error(reply?.error?.message ?? `bridge call ${method} failed`);
      return reply.value as never;
    },
  };
}

export type EnrolmentState = NonNullable<KioskPublicInfo['enrolment']>;
export type EnrolResult = BridgeResponse<'enrolment.enrol'>;

/** Citizens are not served: a fresh kiosk, or one the centre took out of service. */
export function isOutOfService(state: EnrolmentState): boolean {
  return state === 'unenrolled' || state === 'revoked';
}

/** How often the kiosk asks its host whether the centre has revoked it (the host learns it from the server). */
export const ENROLMENT_POLL_MS = 10_000;

/**
 * Watches the host's enrolment state and calls `onChange` with each new one. Returns a stop
 * function. Without React, so it is tested and reused as it is.
 */
export function watchEnrolment(
  bridge: BridgeClient,
  initial: EnrolmentState,
  onChange: (state: EnrolmentState) => void,
  intervalMs = ENROLMENT_POLL_MS,
): () => void {
  let last = initial;
  const timer = setInterval(() => {
    bridge.call('enrolment.status', {}).then(
      ({ state }) => {
        if (state === last) return;
        last = state;
        onChange(state);
      },
      () => undefined,
    );
  }, intervalMs);
  return () => clearInterval(timer);
}

/**
 * Enrols this kiosk with a one-time code. On success the page is loaded again, so every part of
 * the kiosk starts with its new identity (the tracking sequence is raised from the host's journal
 * on load: `sync/journal-restore.ts`).
 */
export async function enrolKiosk(
  bridge: BridgeClient,
  serverUrl: string,
  code: string,
  reload: () => void = () => window.location.reload(),
): Promise<EnrolResult> {
  const result = await bridge.call('enrolment.enrol', { serverUrl: serverUrl.trim(), code: code.trim() });
  if (result.ok) {
    emitAppEvent('enrolled', { kioskCode: result.kioskCode });
    reload();
  } else {
    emitAppEvent('enrol-refused', { reason: result.reason });
  }
  return result;
}

/** Enrols this kiosk (as `enrolKiosk`), for a screen that holds no bridge: the form gets this. */
export type EnrolCommand = (serverUrl: string, code: string) => Promise<EnrolResult>;

/** The technician's own PIN, changed on the host (hashed there; refused if it equals a staff PIN). */
export function changeTechnicianPin(
  bridge: BridgeClient,
  pin: string,
): Promise<BridgeResponse<'technician.changePin'>> {
  return bridge.call('technician.changePin', { who: 'technician', pin });
}
