import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dammCheckDigit, dammValid } from '../../../src-shared/rules/damm.js';
import {
  KIOSK_CODE_PATTERN,
  makeTrackingNumber,
  parseTrackingNumber,
} from '../../../src-shared/rules/tracking-number.js';
import {
  adjacentTranspositions,
  allDigitStrings,
  digitString,
  kioskCode,
  sequence,
  substitutions,
} from './arbitraries.js';

const compact = (text: string): string => text.replace(/-/g, '');

function expectParsed(input: string, expected: { kioskCode: string; sequence: number; check: number; text: string }) {
  const r = parseTrackingNumber(input);
  expect(r, JSON.stringify(input)).toEqual({ ok: true, value: expected });
}

function expectError(input: string, error: string) {
  expect(parseTrackingNumber(input), JSON.stringify(input)).toEqual({ ok: false, error });
}

describe('makeTrackingNumber', () => {
  it('prints <kiosk>-<6-digit zero-padded sequence>-<check>', () => {
    const t = makeTrackingNumber('6501', 123);
    expect(t.kioskCode).toBe('6501');
    expect(t.sequence).toBe(123);
    expect(t.text).toMatch(/^6501-000123-\d$/);
    expect(t.check).toBe(dammCheckDigit('6501000123'));
    expect(t.text.endsWith(`-${t.check}`)).toBe(true);
  });

  it('uses as many digits as needed past six', () => {
    expect(makeTrackingNumber('0421', 999_999).text).toMatch(/^0421-999999-\d$/);
    expect(makeTrackingNumber('0421', 1_000_000).text).toMatch(/^0421-1000000-\d$/);
    expect(makeTrackingNumber('0421', Number.MAX_SAFE_INTEGER).text).toMatch(/^0421-9007199254740991-\d$/);
  });

  it('always produces a Damm-valid number of the documented shape', () => {
    fc.assert(
      fc.property(kioskCode, sequence, (k, n) => {
        const t = makeTrackingNumber(k, n);
        expect(t.text).toMatch(/^\d{4}-\d{6,}-\d$/);
        expect(t.text.startsWith(`${k}-`)).toBe(true);
        expect(dammValid(compact(t.text))).toBe(true);
        expect(Number(t.text.split('-')[1])).toBe(n);
        expect(t.check).toBe(Number(t.text.slice(-1)));
      }),
    );
  });

  it('rejects kiosk codes that are not exactly four ASCII digits', () => {
    for (const bad of [
      '',
      '650',
      '65011',
      'abcd',
      '65 1',
      ' 6501',
      '6501 ',
      '6501\n',
      '65-1',
      '٦٥٠١',
      '６５０１',
      '+650',
    ]) {
      expect(KIOSK_CODE_PATTERN.test(bad), JSON.stringify(bad)).toBe(false);
      expect(() => makeTrackingNumber(bad, 1), JSON.stringify(bad)).toThrow(/Bad kiosk code/);
    }
  });

  it('rejects sequences that are not positive safe integers', () => {
    const bad = [0, -0, -1, -123, 1.5, 0.999, Number.NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 1, 2 ** 60];
    for (const n of bad) expect(() => makeTrackingNumber('6501', n), String(n)).toThrow(/Bad sequence/);
  });

  it('rejects random non-integer and non-positive sequences', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ max: 0 }),
          fc.double({ noNaN: false }).filter((x) => !Number.isSafeInteger(x) || x < 1),
        ),
        (n) => {
          expect(() => makeTrackingNumber('6501', n)).toThrow(/Bad sequence/);
        },
      ),
    );
  });
});

describe('parseTrackingNumber round-trips makeTrackingNumber', () => {
  it('with dashes, without dashes and with spaces', () => {
    fc.assert(
      fc.property(kioskCode, sequence, (k, n) => {
        const t = makeTrackingNumber(k, n);
        const spaced = t.text.replace(/-/g, ' ');
        for (const input of [t.text, compact(t.text), spaced, `  ${t.text}  `, `\t${spaced}\n`]) {
          expectParsed(input, t);
        }
      }),
    );
  });

  it('with en/em dashes and whitespace anywhere between the digits', () => {
    fc.assert(
      fc.property(
        kioskCode,
        sequence,
        fc.array(fc.constantFrom('', ' ', '-', '–', '—', '  ', ' - ', '\u00a0'), { minLength: 40, maxLength: 40 }),
        (k, n, seps) => {
          const t = makeTrackingNumber(k, n);
          const noisy = [...compact(t.text)].map((ch, i) => seps[i]! + ch).join('') + seps[39]!;
          expectParsed(noisy, t);
        },
      ),
    );
  });

  it('every sequence 1…999 999 of one kiosk round-trips, compact and dashed', () => {
    for (let n = 1; n <= 999_999; n++) {
      const t = makeTrackingNumber('8301', n);
      const r = parseTrackingNumber(compact(t.text));
      if (!r.ok || r.value.sequence !== n || r.value.text !== t.text) {
        throw new Error(`round-trip failed for ${t.text}: ${JSON.stringify(r)}`);
      }
    }
  });
});

describe('parseTrackingNumber catches typing mistakes', () => {
  it('every single-digit substitution and adjacent transposition of a random receipt number', () => {
    fc.assert(
      fc.property(kioskCode, sequence, (k, n) => {
        const t = makeTrackingNumber(k, n);
        const digits = compact(t.text);
        for (const wrong of [...substitutions(digits), ...adjacentTranspositions(digits)]) {
          const r = parseTrackingNumber(wrong);
          if (r.ok) throw new Error(`${wrong} accepted (receipt ${t.text})`);
          expect(r.error).toBe('check_digit');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the same mistakes typed into the dashed form', () => {
    fc.assert(
      fc.property(kioskCode, sequence, (k, n) => {
        const t = makeTrackingNumber(k, n);
        const [kc, seq, check] = t.text.split('-') as [string, string, string];
        const digits = kc + seq + check;
        const redash = (s: string) => `${s.slice(0, 4)}-${s.slice(4, 4 + seq.length)}-${s.slice(4 + seq.length)}`;
        for (const wrong of [...substitutions(digits), ...adjacentTranspositions(digits)]) {
          expectError(redash(wrong), 'check_digit');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('exhaustively: every kiosk code 0000–9999, with a random sequence, and every substitution/transposition', () => {
    const seqs = fc.sample(fc.integer({ min: 1, max: 999_999 }), { numRuns: 10_000, seed: 976 });
    let i = 0;
    for (const k of allDigitStrings(4)) {
      const t = makeTrackingNumber(k, seqs[i++]!);
      const digits = compact(t.text);
      for (const wrong of substitutions(digits)) {
        if (parseTrackingNumber(wrong).ok) throw new Error(`${wrong} accepted (receipt ${t.text})`);
      }
      for (const wrong of adjacentTranspositions(digits)) {
        if (parseTrackingNumber(wrong).ok) throw new Error(`${wrong} accepted (receipt ${t.text})`);
      }
    }
  });

  it('exhaustively: every 6-digit sequence around random samples (±500) and every substitution/transposition', () => {
    const samples = fc.sample(fc.tuple(kioskCode, fc.integer({ min: 1, max: 999_999 })), { numRuns: 20, seed: 11 });
    for (const [k, centre] of samples) {
      for (let n = Math.max(1, centre - 500); n <= Math.min(999_999, centre + 500); n++) {
        const digits = compact(makeTrackingNumber(k, n).text);
        for (const wrong of substitutions(digits)) {
          if (parseTrackingNumber(wrong).ok) throw new Error(`${wrong} accepted (from ${digits})`);
        }
        for (const wrong of adjacentTranspositions(digits)) {
          if (parseTrackingNumber(wrong).ok) throw new Error(`${wrong} accepted (from ${digits})`);
        }
      }
    }
  });

  it('a dropped digit is never read back as the same receipt', () => {
    fc.assert(
      fc.property(kioskCode, fc.integer({ min: 1, max: 999_999 }), fc.nat(), (k, n, rawIndex) => {
        const t = makeTrackingNumber(k, n);
        const digits = compact(t.text);
        const i = rawIndex % digits.length;
        expectError(digits.slice(0, i) + digits.slice(i + 1), 'too_short');
      }),
    );
  });
});

describe('parseTrackingNumber error codes', () => {
  it("'empty' when nothing but separators was typed", () => {
    for (const input of ['', ' ', '   ', '\t\n', '-', '--', ' - - ', '–—', '\u00a0']) expectError(input, 'empty');
  });

  it("'not_digits' for letters, punctuation other than dashes, signs and non-ASCII digits", () => {
    const good = makeTrackingNumber('6501', 123).text;
    for (const input of [
      good.replace('1', 'l'),
      good.replace('0', 'O'),
      good.replace(/-/g, '.'),
      good.replace(/-/g, '/'),
      good.replace(/-/g, '_'),
      `+${good}`,
      `#${good}`,
      '６５０１-０００１２３-７',
      'abc',
      'x',
      '65O1',
    ]) {
      expectError(input, 'not_digits');
    }
  });

  it("'not_digits' is reported before 'too_short'", () => {
    expectError('12a', 'not_digits');
  });

  it("'too_short' for fewer than 11 digits, even when the Damm digit is right", () => {
    fc.assert(
      fc.property(digitString(0, 9), (s) => {
        fc.pre(s.length > 0);
        const withCheck = s + String(dammCheckDigit(s));
        expectError(withCheck, 'too_short');
      }),
    );
    expectError('6501-00012-3', 'too_short');
    expectError('1', 'too_short');
    expectError('6501', 'too_short');
  });

  it("'check_digit' for a wrong final digit", () => {
    fc.assert(
      fc.property(kioskCode, sequence, fc.integer({ min: 1, max: 9 }), (k, n, delta) => {
        const t = makeTrackingNumber(k, n);
        const wrong = t.text.slice(0, -1) + String((t.check + delta) % 10);
        expectError(wrong, 'check_digit');
      }),
    );
  });

  it('sequence zero is refused even with a valid Damm digit (no receipt ever has it)', () => {
    const body = '6501000000';
    const r = parseTrackingNumber(body + String(dammCheckDigit(body)));
    expect(r.ok).toBe(false);
  });

  it('sequences beyond the safe-integer range are refused', () => {
    const body = '6501' + '9'.repeat(17);
    const r = parseTrackingNumber(body + String(dammCheckDigit(body)));
    expect(r.ok).toBe(false);
  });

  it('random strings never throw and any accepted string is Damm-valid', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), digitString(0, 20), fc.stringMatching(/^[\d\s-]{0,25}$/)), (s) => {
        const r = parseTrackingNumber(s);
        if (r.ok) {
          expect(dammValid(s.replace(/[\s\-–—]/g, ''))).toBe(true);
          expect(r.value.kioskCode).toMatch(KIOSK_CODE_PATTERN);
          expect(Number.isSafeInteger(r.value.sequence) && r.value.sequence >= 1).toBe(true);
        } else {
          expect(['empty', 'not_digits', 'too_short', 'check_digit']).toContain(r.error);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseTrackingNumber only accepts numbers a kiosk can print', () => {
  it('a parsed number is the canonical receipt for its kiosk code and sequence', () => {
    // A receipt for sequence 123456 reads 6501-123456-2. With an extra leading zero in the
    // sequence the Damm digit changes, so "6501-0123456-7" is a different string that no
    // kiosk ever printed; it must not be read as sequence 123456.
    fc.assert(
      fc.property(kioskCode, digitString(6, 12), (k, seq) => {
        const body = k + seq;
        const input = `${body}${dammCheckDigit(body)}`;
        const r = parseTrackingNumber(input);
        if (r.ok) {
          const printed = makeTrackingNumber(r.value.kioskCode, r.value.sequence);
          expect(r.value, `input ${input}`).toEqual(printed);
        }
      }),
      { examples: [['6501', '0123456']] },
    );
  });

  it('"6501-0123456-7" (an extra zero; the real receipt for 123456 is 6501-123456-2) is not sequence 123456', () => {
    expect(makeTrackingNumber('6501', 123_456).text).toBe('6501-123456-2');
    expect(dammValid('65010123456' + '7')).toBe(true);
    const r = parseTrackingNumber('6501-0123456-7');
    if (r.ok) expect(r.value).toEqual(makeTrackingNumber('6501', 123_456));
  });
});
