/**
 * Time limits for fault tests, drawn from their work instead of a fixed wall clock.
 *
 * A fault test must fail when something is lost or doubled, never because the machine is slow.
 * So each limit is a fixed part (start-up, the final drain) plus the test's own count of work
 * (kills, crashes, submissions) times what one unit was measured to cost on the 2-core CI
 * machine while it was busy, times a wide margin. A machine several times slower still passes;
 * only a hang — a unit of work that never ends — runs into the limit.
 *
 * `FAULT_TIME_SCALE=<n>` stretches every limit further for a much slower machine (an emulator,
 * a laptop on battery); it never shortens one.
 */

/** How many times the measured cost a unit of work may take before the test is called hung. */
export const MARGIN = 4;

/** FAULT_TIME_SCALE, at least 1. */
export function timeScale(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const scale = Number(env.FAULT_TIME_SCALE ?? 1);
  return Number.isFinite(scale) && scale > 1 ? scale : 1;
}

export interface Work {
  /** Units of work the test does: kills, crashes, submissions. */
  units: number;
  /** What one unit was measured to cost (ms) on the 2-core CI machine under load. */
  measuredMsPerUnit: number;
  /** Work that does not grow with `units` (start-up, the last drain), already with its own margin. */
  fixedMs: number;
}

/** The time limit (ms) for `work`: `fixedMs + units × measuredMsPerUnit × MARGIN`, stretched by FAULT_TIME_SCALE. */
export function workLimitMs({ units, measuredMsPerUnit, fixedMs }: Work, scale = timeScale()): number {
  return Math.ceil((fixedMs + units * measuredMsPerUnit * MARGIN) * scale);
}
