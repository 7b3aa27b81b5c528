import { describe, expect, it } from 'vitest';
import { createStaffLock, createTechnicianLock } from '../../../src-main/bridge/technician-lock.js';

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

describe('staff lock (assisted mode)', () => {
  const staff = [
    { id: 'CC-0421-01', name: 'Б. Сарнай', pin: '4210' },
    { id: 'CC-0421-02', name: 'Д. Болд', pin: '987654' },
  ];

  it('answers with who the PIN belongs to, never with any PIN', () => {
    const lock = createStaffLock(staff);
    expect(lock.unlock('987654')).toEqual({ ok: true, staffId: 'CC-0421-02', staffName: 'Д. Болд' });
    expect(lock.unlock('4210')).toEqual({ ok: true, staffId: 'CC-0421-01', staffName: 'Б. Сарнай' });
    expect(JSON.stringify(lock.unlock('0000'))).not.toMatch(/4210|987654/);
  });

  it('locks for five minutes after five wrong PINs, even for a right one', () => {
    let now = 0;
    const lock = createStaffLock(staff, () => now);
    for (let i = 0; i < 4; i++) expect(lock.unlock('1111')).toEqual({ ok: false });
    expect(lock.unlock('1111')).toEqual({ ok: false, retryAfterSeconds: 300 });
    expect(lock.unlock('4210').ok).toBe(false);
    now += 300_001;
    expect(lock.unlock('4210').ok).toBe(true);
  });

  it('with no staff configured, nothing opens', () => {
    expect(createStaffLock([]).unlock('4210')).toEqual({ ok: false });
  });
});
