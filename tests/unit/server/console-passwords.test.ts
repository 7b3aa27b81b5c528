import { describe, expect, it } from 'vitest';
import {
  dummyHash,
  hashPassword,
  STRONG_SCRYPT,
  TEST_SCRYPT,
  verifyPassword,
} from '../../../src-server/console/passwords.js';

describe('operator passwords', () => {
  it('hashes with a fresh salt and verifies only the right password', async () => {
    const a = await hashPassword('Улаанбаатар-2026 нууц', TEST_SCRYPT);
    const b = await hashPassword('Улаанбаатар-2026 нууц', TEST_SCRYPT);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toContain('нууц');
    expect(await verifyPassword('Улаанбаатар-2026 нууц', a)).toBe(true);
    expect(await verifyPassword('Улаанбаатар-2026 нууц ', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('uses strong, memory-hard parameters by default (OWASP: scrypt N=2^17, r=8, p=1)', async () => {
    expect(STRONG_SCRYPT).toEqual({ logN: 17, r: 8, p: 1 });
    const strong = await hashPassword('a password of some length');
    expect(strong.startsWith('scrypt$17$8$1$')).toBe(true);
    expect(await verifyPassword('a password of some length', strong)).toBe(true);
  });

  it('treats a malformed or absurd stored hash as a mismatch, not a crash or a huge allocation', async () => {
    for (const stored of ['', 'plain', 'scrypt$10$8$1$c2FsdA==', 'scrypt$30$8$1$c2FsdA==$AAAA', 'bcrypt$x$y$z$a$b']) {
      expect(await verifyPassword('x', stored), stored).toBe(false);
    }
  });

  it('keeps one dummy hash per cost, which no password opens', async () => {
    const dummy = await dummyHash(TEST_SCRYPT);
    expect(await dummyHash(TEST_SCRYPT)).toBe(dummy);
    expect(await verifyPassword('', dummy)).toBe(false);
  });
});
