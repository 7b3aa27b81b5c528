import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStaffLock, createTechnicianLock, fileLockStore } from '../../../src-main/security/technician-lock.js';

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
    { id: 'CC-0421-01', name: 'Б. Сарнай', pin: '735210' },
    { id: 'CC-0421-02', name: 'Д. Болд', pin: '987654' },
  ];

  it('answers with who the PIN belongs to, never with any PIN', () => {
    const lock = createStaffLock(staff);
    expect(lock.unlock('987654')).toEqual({ ok: true, staffId: 'CC-0421-02', staffName: 'Д. Болд' });
    expect(lock.unlock('735210')).toEqual({ ok: true, staffId: 'CC-0421-01', staffName: 'Б. Сарнай' });
    expect(JSON.stringify(lock.unlock('0000'))).not.toMatch(/735210|987654/);
  });

  it('locks for five minutes after five wrong PINs, even for a right one', () => {
    let now = 0;
    const lock = createStaffLock(staff, () => now);
    for (let i = 0; i < 4; i++) expect(lock.unlock('1111')).toEqual({ ok: false });
    expect(lock.unlock('1111')).toEqual({ ok: false, retryAfterSeconds: 300 });
    expect(lock.unlock('735210').ok).toBe(false);
    now += 300_001;
    expect(lock.unlock('735210').ok).toBe(true);
  });

  it('with no staff configured, nothing opens', () => {
    expect(createStaffLock([]).unlock('735210')).toEqual({ ok: false });
  });
});

describe('lock-outs that grow and survive a restart', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tsonkh-pin-locks-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Five wrong tries: the last answer's wait in seconds. */
  function fiveWrong(lock: { unlock(pin: string): { retryAfterSeconds?: number } }): number | undefined {
    let last: number | undefined;
    for (let i = 0; i < 5; i++) last = lock.unlock('000000').retryAfterSeconds;
    return last;
  }

  it('each lock-out lasts twice the one before, up to a day, until a right PIN', () => {
    let t = 0;
    const lock = createTechnicianLock('482913', () => t);
    const waits: number[] = [];
    for (let round = 0; round < 10; round++) {
      const wait = fiveWrong(lock)!;
      waits.push(wait / 60);
      t += wait * 1000 + 1;
    }
    expect(waits).toEqual([5, 10, 20, 40, 80, 160, 320, 640, 1280, 1440]);
    expect(lock.unlock('482913')).toEqual({ ok: true });
    expect(fiveWrong(lock)).toBe(300);
  });

  it('a restarted host remembers the wrong tries and the lock-out', () => {
    let t = 1_000_000;
    const now = () => t;
    const first = createStaffLock([{ id: 'A', name: 'А', pin: '735210' }], now, fileLockStore(dir, now));
    for (let i = 0; i < 3; i++) first.unlock('111111');
    // The host restarts: two more wrong tries are enough for the lock-out.
    const second = createStaffLock([{ id: 'A', name: 'А', pin: '735210' }], now, fileLockStore(dir, now));
    second.unlock('111111');
    expect(second.unlock('111111')).toEqual({ ok: false, retryAfterSeconds: 300 });
    // Another restart during the lock-out: still locked, even for the right PIN.
    const third = createStaffLock([{ id: 'A', name: 'А', pin: '735210' }], now, fileLockStore(dir, now));
    expect(third.unlock('735210')).toEqual({ ok: false, retryAfterSeconds: 300 });
    t += 300_001;
    expect(third.unlock('735210').ok).toBe(true);
  });

  it('the technician and staff locks count apart, in one file only the host can read', async () => {
    const store = fileLockStore(dir);
    const technician = createTechnicianLock('482913', Date.now, store);
    const staff = createStaffLock([{ id: 'A', name: 'А', pin: '735210' }], Date.now, store);
    expect(fiveWrong(technician)).toBe(300);
    expect(staff.unlock('735210').ok).toBe(true);
    const file = path.join(dir, 'pin-locks.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).not.toMatch(/482913|735210/);
  });

  it('a damaged state file locks rather than resets', async () => {
    await writeFile(path.join(dir, 'pin-locks.json'), '{"technician": "no"');
    const lock = createTechnicianLock(
      '482913',
      () => 0,
      fileLockStore(dir, () => 0),
    );
    expect(lock.unlock('482913')).toEqual({ ok: false, retryAfterSeconds: 300 });
  });
});
