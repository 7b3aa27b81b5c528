import { describe, expect, it } from 'vitest';
import { createTechnicianLock } from '../../../src-main/bridge/technician-lock.js';

describe('technician PIN', () => {
  it('opens with the right PIN only', () => {
    const lock = createTechnicianLock('482913');
    expect(lock.unlock('482913')).toEqual({ ok: true });
    expect(lock.unlock('48291')).toEqual({ ok: false });
    expect(lock.unlock('4829130')).toEqual({ ok: false });
  });

  it('locks for five minutes after five wrong tries, even for the right PIN', () => {
    let t = 0;
    const lock = createTechnicianLock('1234', () => t);
    for (let i = 0; i < 4; i++) expect(lock.unlock('0000').ok).toBe(false);
    expect(lock.unlock('0000')).toEqual({ ok: false, retryAfterSeconds: 300 });
    expect(lock.unlock('1234')).toEqual({ ok: false, retryAfterSeconds: 300 });
    t = 299_000;
    expect(lock.unlock('1234').ok).toBe(false);
    t = 300_001;
    expect(lock.unlock('1234')).toEqual({ ok: true });
  });

  it('never opens when no PIN is configured', () => {
    expect(createTechnicianLock(undefined).unlock('')).toEqual({ ok: false });
  });
});
