import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dammCheckDigit, dammValid } from '../../../src-shared/rules/damm.js';
import { adjacentTranspositions, allDigitStrings, DIGITS, digitString, substitutions } from './arbitraries.js';

const withCheck = (s: string): string => s + String(dammCheckDigit(s));

/**
 * Rebuilds the operation table through the public API: row 0 is a permutation, so the
 * one-digit prefix `p` with dammCheckDigit(p) === s leads to state s.
 */
function rebuildTable(): number[][] {
  const prefixFor = new Map<number, string>();
  for (const d of DIGITS) prefixFor.set(dammCheckDigit(d), d);
  const table: number[][] = [];
  for (let s = 0; s < 10; s++) {
    const p = prefixFor.get(s);
    if (p === undefined) throw new Error(`state ${s} unreachable`);
    table.push(DIGITS.split('').map((d) => dammCheckDigit(p + d)));
  }
  return table;
}

describe('dammCheckDigit', () => {
  it('matches the published worked example (572 → 4)', () => {
    expect(dammCheckDigit('572')).toBe(4);
    expect(dammValid('5724')).toBe(true);
    expect(dammValid('5723')).toBe(false);
  });

  it('is 0 for the empty string and for any run of zeros', () => {
    expect(dammCheckDigit('')).toBe(0);
    for (let n = 1; n <= 12; n++) expect(dammCheckDigit('0'.repeat(n))).toBe(0);
  });

  it('always returns a single digit 0–9', () => {
    fc.assert(
      fc.property(digitString(0, 40), (s) => {
        const c = dammCheckDigit(s);
        expect(Number.isInteger(c)).toBe(true);
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThanOrEqual(9);
      }),
    );
  });

  it('throws on anything that is not an ASCII digit', () => {
    for (const bad of ['12a4', ' 1', '1-2', '١٢', '１２', '/', ':']) {
      expect(() => dammCheckDigit(bad), bad).toThrow(/Not a digit/);
    }
  });

  it('is built on a totally anti-symmetric quasigroup with a zero diagonal', () => {
    const t = rebuildTable();
    // Quasigroup: every row and every column is a permutation of 0–9.
    for (let i = 0; i < 10; i++) {
      expect(new Set(t[i]).size).toBe(10);
      expect(new Set(t.map((row) => row[i])).size).toBe(10);
      expect(t[i]![i]).toBe(0);
    }
    // Total anti-symmetry: (c*x)*y = (c*y)*x implies x = y.
    for (let c = 0; c < 10; c++) {
      for (let x = 0; x < 10; x++) {
        for (let y = 0; y < 10; y++) {
          if (x !== y) expect(t[t[c]![x]!]![y]).not.toBe(t[t[c]![y]!]![x]);
        }
      }
    }
  });
});

describe('dammValid', () => {
  it('accepts any digit string followed by its check digit', () => {
    fc.assert(fc.property(digitString(0, 60), (s) => dammValid(withCheck(s))));
  });

  it('accepts exactly one of the ten possible final digits', () => {
    fc.assert(
      fc.property(digitString(0, 30), (s) => {
        const valid = DIGITS.split('').filter((d) => dammValid(s + d));
        expect(valid).toEqual([String(dammCheckDigit(s))]);
      }),
    );
  });

  it('rejects the empty string and anything with a non-digit instead of throwing', () => {
    for (const bad of ['', ' ', '5724 ', ' 5724', '57-24', 'abc', '５７２４', '+5724']) {
      expect(dammValid(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('catches EVERY single-digit substitution (random strings)', () => {
    fc.assert(
      fc.property(digitString(0, 40), (s) => {
        const good = withCheck(s);
        for (const wrong of substitutions(good)) {
          if (dammValid(wrong)) throw new Error(`${wrong} accepted (from ${good})`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('catches EVERY adjacent transposition of unequal digits (random strings)', () => {
    fc.assert(
      fc.property(digitString(0, 40), (s) => {
        const good = withCheck(s);
        for (const wrong of adjacentTranspositions(good)) {
          if (dammValid(wrong)) throw new Error(`${wrong} accepted (from ${good})`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('catches every substitution and adjacent transposition, exhaustively for payloads of up to 4 digits', () => {
    let checked = 0;
    for (let length = 0; length <= 4; length++) {
      for (const s of allDigitStrings(length)) {
        const good = withCheck(s);
        expect(dammValid(good)).toBe(true);
        for (const wrong of substitutions(good)) {
          checked++;
          if (dammValid(wrong)) throw new Error(`${wrong} accepted (from ${good})`);
        }
        for (const wrong of adjacentTranspositions(good)) {
          checked++;
          if (dammValid(wrong)) throw new Error(`${wrong} accepted (from ${good})`);
        }
      }
    }
    expect(checked).toBeGreaterThan(400_000);
  });

  it('catches a swap of unequal digits at any position when there is a prefix (the check digit swapped with the last payload digit included)', () => {
    fc.assert(
      fc.property(digitString(1, 20), fc.integer({ min: 0, max: 100 }), (s, rawIndex) => {
        const good = withCheck(s);
        const i = rawIndex % (good.length - 1);
        fc.pre(good[i] !== good[i + 1]);
        const swapped = good.slice(0, i) + good[i + 1] + good[i] + good.slice(i + 2);
        expect(dammValid(swapped)).toBe(false);
      }),
    );
  });
});
