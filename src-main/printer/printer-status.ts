import type { LinkStatus } from './transport.js';

/** The four one-byte answers to `DLE EOT 1..4`. */
export interface StatusBytes {
  printer: number;
  offlineCause: number;
  errorCause: number;
  paperSensor: number;
}

/** Every real-time status byte has bit 1 and bit 4 set and bits 0 and 7 clear. */
export function isStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

/**
 * Reads the Epson real-time status (same bits on most ESC/POS clones). Paper out is named first
 * because it is what the citizen can see and a clerk can fix; then an open cover; anything
 * else that stops the printer is `offline`. Near end is only a warning: the job still prints.
 */
export function interpretStatus(s: StatusBytes): LinkStatus {
  const paperNearEnd = (s.paperSensor & 0x0c) !== 0;
  const paperOut = (s.paperSensor & 0x60) !== 0 || (s.offlineCause & 0x20) !== 0;
  const coverOpen = (s.offlineCause & 0x04) !== 0;
  const offline = (s.printer & 0x08) !== 0;
  const error = (s.offlineCause & 0x40) !== 0 || (s.errorCause & 0x68) !== 0;
  if (paperOut) return { ok: false, reason: 'paper_out', paperNearEnd, detail: 'the paper roll is empty' };
  if (coverOpen) return { ok: false, reason: 'cover_open', paperNearEnd, detail: 'the printer cover is open' };
  if (offline || error) {
    const detail = error ? 'the printer reports an error (cutter or mechanism)' : 'the printer is offline';
    return { ok: false, reason: 'offline', paperNearEnd, detail };
  }
  return paperNearEnd
    ? { ok: true, paperNearEnd, detail: 'the paper roll is nearly empty' }
    : { ok: true, paperNearEnd };
}
