import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePhone } from '../../../src-shared/rules/phone.js';
import { digitString } from './arbitraries.js';

const MOBILE_PREFIXES = [
  '80',
  '85',
  '86',
  '88',
  '89',
  '830',
  '831',
  '90',
  '91',
  '93',
  '94',
  '95',
  '96',
  '97',
  '98',
  '99',
];

/** An 8-digit number starting with `prefix`. */
const numberWithPrefix = (prefix: string) =>
  digitString(8 - prefix.length, 8 - prefix.length).map((rest) => prefix + rest);

const mobile = fc.constantFrom(...MOBILE_PREFIXES).chain(numberWithPrefix);
const landline = numberWithPrefix('7');
const eightDigits = digitString(8, 8);

/** Formats a citizen might type the same 8 digits in. */
function spellings(n: string): string[] {
  const a = n.slice(0, 4);
  const b = n.slice(4);
  return [
    n,
    `${a} ${b}`,
    `${a}-${b}`,
    `(${a}) ${b}`,
    `${n.slice(0, 2)} ${n.slice(2, 4)} ${n.slice(4, 6)} ${n.slice(6)}`,
    `${a}.${b}`,
    `  ${n}  `,
    `+976${n}`,
    `+976 ${a} ${b}`,
    `+976-${a}-${b}`,
    `+(976) ${a}-${b}`,
    `(+976) ${n}`,
    `976${n}`,
    `976 ${a} ${b}`,
    `\t+976\u00a0${a}\u00a0${b}\n`,
  ];
}

describe('parsePhone: accepted numbers', () => {
  it('mobile numbers (99…, 88…, 95…) are accepted without a warning', () => {
    for (const n of ['99112233', '88112233', '95112233', '80112233', '83012345', '83112345', '91112233', '94112233']) {
      expect(parsePhone(n), n).toEqual({ ok: true, value: n });
    }
  });

  it('landlines (7xxxxxxx) are accepted without a warning', () => {
    for (const n of ['70112233', '77112233', '75001122']) expect(parsePhone(n), n).toEqual({ ok: true, value: n });
  });

  it('every mobile and landline prefix, in every spelling, gives the bare 8 digits and no warning', () => {
    fc.assert(
      fc.property(fc.oneof(mobile, landline), (n) => {
        for (const input of spellings(n))
          expect(parsePhone(input), JSON.stringify(input)).toEqual({ ok: true, value: n });
      }),
    );
  });

  it('unusual prefixes are accepted with an "unusual_prefix" warning, never refused', () => {
    for (const n of [
      '12345678',
      '00000000',
      '92112233',
      '82112233',
      '84112233',
      '87112233',
      '83212345',
      '83912345',
      '50112233',
      '60112233',
    ]) {
      expect(parsePhone(n), n).toEqual({ ok: true, value: n, warning: 'unusual_prefix' });
      expect(parsePhone(`+976 ${n}`), n).toEqual({ ok: true, value: n, warning: 'unusual_prefix' });
    }
  });

  it('any 8 digits are accepted; the warning is given exactly when the prefix is neither mobile nor landline', () => {
    const known = (n: string) => n.startsWith('7') || MOBILE_PREFIXES.some((p) => n.startsWith(p));
    fc.assert(
      fc.property(eightDigits, (n) => {
        for (const input of spellings(n)) {
          const r = parsePhone(input);
          expect(r, JSON.stringify(input)).toEqual(
            known(n) ? { ok: true, value: n } : { ok: true, value: n, warning: 'unusual_prefix' },
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  it('an 8-digit number that itself starts with 976 is kept as it is', () => {
    expect(parsePhone('97612345')).toEqual({ ok: true, value: '97612345' });
    expect(parsePhone('+976 97612345')).toEqual({ ok: true, value: '97612345' });
  });
});

describe('parsePhone: error codes', () => {
  it("'empty' for nothing or only separators", () => {
    for (const input of ['', ' ', '   ', '\t\n', '-', '()', '( ) - .', '\u00a0']) {
      expect(parsePhone(input), JSON.stringify(input)).toEqual({ ok: false, error: 'empty' });
    }
  });

  it("'not_digits' for letters, symbols, a lone plus, a plus in the middle and non-ASCII digits", () => {
    for (const input of [
      '9911223a',
      'abcdefgh',
      '99 11 22 3З',
      '+',
      '++97699112233',
      '99+112233',
      '99112233+',
      '#99112233',
      '99112233 ext 1',
      '９９１１２２３３',
      '٩٩١١٢٢٣٣',
      '99/11/22/33',
      '99_112233',
      '*99112233',
    ]) {
      expect(parsePhone(input), JSON.stringify(input)).toEqual({ ok: false, error: 'not_digits' });
    }
  });

  it("'length' for too few or too many digits", () => {
    for (const input of [
      '1',
      '9911223',
      '991122334',
      '+976',
      '976',
      '+9769911223',
      '+976991122334',
      '0097699112233',
      '97799112233', // 11 digits but not Mongolia's country code
      '+1 99112233',
      '976976991122',
    ]) {
      expect(parsePhone(input), JSON.stringify(input)).toEqual({ ok: false, error: 'length' });
    }
  });

  it('digit strings of any length other than 8 (or 976 + 8) are refused for length', () => {
    fc.assert(
      fc.property(digitString(1, 20), (s) => {
        fc.pre(s.length !== 8 && !(s.length === 11 && s.startsWith('976')));
        expect(parsePhone(s)).toEqual({ ok: false, error: 'length' });
        expect(parsePhone(`+${s}`)).toEqual({ ok: false, error: 'length' });
      }),
    );
  });

  it('never throws; whatever it accepts is exactly 8 ASCII digits', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[+\d\s().-]{0,16}$/)), (s) => {
        const r = parsePhone(s);
        if (r.ok) {
          expect(r.value).toMatch(/^\d{8}$/);
          if (r.warning !== undefined) expect(r.warning).toBe('unusual_prefix');
        } else {
          expect(['empty', 'not_digits', 'length']).toContain(r.error);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
