import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeRegistrationNumber, parseRegistrationNumber } from '../../../src-shared/rules/registration-number.js';
import {
  birthDate,
  digit,
  digitString,
  isoDate,
  LATIN_LOOKALIKES,
  mongolianCapital,
  MONGOLIAN_CAPITALS,
  NON_LOOKALIKE_LATIN,
  registrationNumber,
  TODAY,
  validRegistration,
} from './arbitraries.js';

const parse = (input: string, today: Date = TODAY) => parseRegistrationNumber(input, today);

function expectValid(input: string, value: string, birth: string, sex: 'male' | 'female', today: Date = TODAY) {
  expect(parse(input, today), JSON.stringify(input)).toEqual({ ok: true, value: { value, birthDate: birth, sex } });
}

function expectError(input: string, error: string, today: Date = TODAY) {
  expect(parse(input, today), JSON.stringify(input)).toEqual({ ok: false, error });
}

const CYRILLIC_TO_LATIN = new Map(LATIN_LOOKALIKES.map(([latin, cyr]) => [cyr, latin]));

/** Inserts whitespace between characters, as a citizen might type it. */
const withSpaces = (s: string, gaps: readonly string[]) => [...s].map((ch, i) => (gaps[i] ?? '') + ch).join('');
const gaps = fc.array(fc.constantFrom('', '', '', ' ', '  ', '\t', '\u00a0', '\u3000'), {
  minLength: 11,
  maxLength: 11,
});

describe('parseRegistrationNumber: valid numbers', () => {
  it('reads a 20th-century birth date YYMMDD', () => {
    expectValid('УБ99032112', 'УБ99032112', '1999-03-21', 'male');
    expectValid('АА00010100', 'АА00010100', '1900-01-01', 'female');
    expectValid('ЧЕ75123153', 'ЧЕ75123153', '1975-12-31', 'male');
  });

  it('reads births from 2000 with 20 added to the month (21–32)', () => {
    expectValid('ЧА05231542', 'ЧА05231542', '2005-03-15', 'female');
    expectValid('УЮ00210100', 'УЮ00210100', '2000-01-01', 'female');
    expectValid('ДЗ10321231', 'ДЗ10321231', '2010-12-12', 'male');
    expectValid('ЁЯ26261591', 'ЁЯ26261591', '2026-06-15', 'male');
  });

  it('accepts every letter of the Mongolian alphabet in both positions', () => {
    for (const a of MONGOLIAN_CAPITALS) {
      for (const b of MONGOLIAN_CAPITALS) {
        const r = parse(`${a}${b}99032112`);
        if (!r.ok) throw new Error(`${a}${b} refused: ${r.error}`);
      }
    }
  });

  it('accepts Ө and Ү, upper and lower case', () => {
    expectValid('ӨҮ99032112', 'ӨҮ99032112', '1999-03-21', 'male');
    expectValid('өү99032112', 'ӨҮ99032112', '1999-03-21', 'male');
    expectValid('Өү99032112', 'ӨҮ99032112', '1999-03-21', 'male');
    expectValid('ёө99032112', 'ЁӨ99032112', '1999-03-21', 'male');
  });

  it('any constructed number is accepted with its birth date and sex', () => {
    fc.assert(
      fc.property(validRegistration, (r) => {
        expectValid(r.text, r.text, r.birthDate, r.sex);
      }),
      { numRuns: 1000 },
    );
  });

  it('a birth date today is accepted, also when "today" is exactly midnight UTC', () => {
    expectValid('УБ26261510', 'УБ26261510', '2026-06-15', 'male', TODAY);
    expectValid('УБ26261510', 'УБ26261510', '2026-06-15', 'male', new Date('2026-06-15T00:00:00Z'));
  });

  it('uses the real clock when no "today" is given', () => {
    const r = parseRegistrationNumber('УБ99032112');
    expect(r.ok).toBe(true);
    expect(parseRegistrationNumber('УБ99322112').ok).toBe(false); // 2099-12-21
  });
});

describe('parseRegistrationNumber: sex is read from the 9th character', () => {
  it('odd = male, even = female, for every digit', () => {
    for (let d = 0; d <= 9; d++) {
      const r = parse(`УБ990321${d}5`);
      expect(r.ok && r.value.sex, `digit ${d}`).toBe(d % 2 === 1 ? 'male' : 'female');
    }
  });

  it('is not affected by the other digits', () => {
    fc.assert(
      fc.property(validRegistration, digit, (r, sexDigit) => {
        const text = r.text.slice(0, 8) + sexDigit + r.text.slice(9);
        const parsed = parse(text);
        expect(parsed.ok && parsed.value.sex).toBe(Number(sexDigit) % 2 === 1 ? 'male' : 'female');
      }),
    );
  });
});

describe('parseRegistrationNumber: the last digit is never checked', () => {
  it('all ten final digits are accepted, and nothing else changes', () => {
    fc.assert(
      fc.property(validRegistration, (r) => {
        for (let d = 0; d <= 9; d++) {
          const text = r.text.slice(0, 9) + String(d);
          expectValid(text, text, r.birthDate, r.sex);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseRegistrationNumber: normalisation', () => {
  it('lower-case input is upper-cased', () => {
    expectValid('уб99032112', 'УБ99032112', '1999-03-21', 'male');
    fc.assert(
      fc.property(validRegistration, (r) => {
        expectValid(r.text.toLowerCase(), r.text, r.birthDate, r.sex);
      }),
    );
  });

  it('spaces (also inside the number) are removed', () => {
    expectValid(' УБ 99 03 21 12 ', 'УБ99032112', '1999-03-21', 'male');
    expectValid('У Б 9 9 0 3 2 1 1 2', 'УБ99032112', '1999-03-21', 'male');
    fc.assert(
      fc.property(validRegistration, gaps, (r, g) => {
        expectValid(withSpaces(r.text, g), r.text, r.birthDate, r.sex);
      }),
    );
  });

  it('maps each Latin look-alike (upper and lower case) to its Cyrillic letter', () => {
    for (const [latin, cyrillic] of LATIN_LOOKALIKES) {
      expect(normalizeRegistrationNumber(latin)).toBe(cyrillic);
      expect(normalizeRegistrationNumber(latin.toLowerCase())).toBe(cyrillic);
      expectValid(`${latin}${latin.toLowerCase()}99032112`, `${cyrillic}${cyrillic}99032112`, '1999-03-21', 'male');
    }
    // "YB" typed on a Latin keyboard is not "УБ": B looks like В (ve), not Б.
    expectValid('YB99032112', 'УВ99032112', '1999-03-21', 'male');
    expectValid('XO05231542', 'ХО05231542', '2005-03-15', 'female');
  });

  it('a number whose letters have Latin look-alikes reads the same when typed in Latin', () => {
    const lookalikeLetter = fc.constantFrom(...LATIN_LOOKALIKES.map(([, c]) => c));
    fc.assert(
      fc.property(
        lookalikeLetter,
        lookalikeLetter,
        birthDate,
        digitString(2, 2),
        fc.boolean(),
        (a, b, birth, tail, lower) => {
          const text = registrationNumber(a + b, birth.year, birth.month, birth.day, tail);
          let latin = CYRILLIC_TO_LATIN.get(a)! + CYRILLIC_TO_LATIN.get(b)! + text.slice(2);
          if (lower) latin = latin.toLowerCase();
          const r = parse(latin);
          expect(r.ok && r.value.value).toBe(text);
        },
      ),
    );
  });

  it('normalizeRegistrationNumber leaves other characters alone', () => {
    expect(normalizeRegistrationNumber('')).toBe('');
    expect(normalizeRegistrationNumber('  ')).toBe('');
    expect(normalizeRegistrationNumber('d f')).toBe('DF');
    expect(normalizeRegistrationNumber('ЖЖ-12')).toBe('ЖЖ-12');
    expect(normalizeRegistrationNumber('әқі')).toBe('ӘҚІ');
  });

  it('normalisation is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = normalizeRegistrationNumber(s);
        expect(normalizeRegistrationNumber(once)).toBe(once);
      }),
    );
  });
});

describe('parseRegistrationNumber: error codes', () => {
  it("'empty' for nothing or only whitespace", () => {
    for (const input of ['', ' ', '   ', '\t\n', '\u00a0']) expectError(input, 'empty');
  });

  it("'length' for anything other than 10 characters after removing spaces", () => {
    for (const input of ['У', 'УБ', 'УБ9903211', 'УБ990321123', 'УБ99032112 3', 'XYZ', '1234567890123']) {
      expectError(input, 'length');
    }
    fc.assert(
      fc.property(validRegistration, fc.integer({ min: 1, max: 9 }), (r, cut) => {
        expectError(r.text.slice(0, cut), 'length');
        expectError(r.text + r.text.slice(0, cut), 'length');
      }),
    );
  });

  it("'letters' for Latin letters without a Cyrillic look-alike", () => {
    for (const latin of NON_LOOKALIKE_LATIN) {
      expectError(`${latin}Б99032112`, 'letters');
      expectError(`У${latin.toLowerCase()}99032112`, 'letters');
    }
    expectError('UB99032112', 'letters'); // U is not a look-alike of У
  });

  it("'letters' for non-Mongolian Cyrillic (Kazakh, Russian-only forms), digits and symbols", () => {
    for (const input of [
      'ӘБ99032112',
      'УҚ99032112',
      'ІІ99032112',
      'ҢҒ99032112',
      'ҰҺ99032112',
      '1Б99032112',
      'У199032112',
      '--99032112',
      'ЎБ99032112',
    ]) {
      expectError(input, 'letters');
    }
  });

  it("'letters' for any non-look-alike Latin letter in either position", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NON_LOOKALIKE_LATIN),
        mongolianCapital,
        fc.boolean(),
        validRegistration,
        (latin, cyr, first, r) => {
          const letters = first ? latin + cyr : cyr + latin;
          expectError(letters + r.text.slice(2), 'letters');
        },
      ),
    );
  });

  it("'digits' when any of the last eight characters is not a digit", () => {
    expectError('УБ99О32112', 'digits'); // Cyrillic О instead of zero
    expectError('УБ99O32112', 'digits'); // Latin O is mapped to Cyrillic О, still not a digit
    expectError('УБ9903211A', 'digits');
    expectError('УБ9903211-', 'digits');
    expectError('УБ٩٩032112', 'digits'); // Arabic-Indic digits
    expectError('УБ９９032112', 'digits'); // full-width digits
    expectError('УБА9032112', 'digits');
    fc.assert(
      fc.property(validRegistration, fc.integer({ min: 2, max: 9 }), mongolianCapital, (r, i, letter) => {
        expectError(r.text.slice(0, i) + letter + r.text.slice(i + 1), 'digits');
      }),
    );
  });

  it("'birth_date' for impossible days and months", () => {
    for (const input of [
      'УБ99023012', // 30 February 1999
      'УБ99022912', // 29 February 1999 (not a leap year)
      'УБ00022912', // 29 February 1900 (not a leap year)
      'УБ01222912', // 29 February 2001
      'УБ05223012', // 30 February 2005
      'УБ99043112', // 31 April
      'УБ99063112', // 31 June
      'УБ99093112', // 31 September
      'УБ99113112', // 31 November
      'УБ99133112', // month 13
      'УБ99203112', // month 20: neither range
      'УБ00333112', // month 33 (would be 13 for 2000s)
      'УБ99003112', // month 00
      'УБ99990112', // month 99
      'УБ99010012', // day 00
      'УБ99013212', // day 32
      'УБ99019912', // day 99
      'УБ00213212', // 32 January 2000
    ]) {
      expectError(input, 'birth_date');
    }
  });

  it('29 February: only in leap years (1996, 2000, 2004 yes; 1900, 1999, 2001, 2100-style no)', () => {
    expectValid('УБ96022912', 'УБ96022912', '1996-02-29', 'male');
    expectValid('УБ00222912', 'УБ00222912', '2000-02-29', 'male');
    expectValid('УБ04222912', 'УБ04222912', '2004-02-29', 'male');
    expectValid('УБ24222912', 'УБ24222912', '2024-02-29', 'male');
    expectError('УБ00022912', 'birth_date'); // 1900
    expectError('УБ99022912', 'birth_date');
    expectError('УБ01222912', 'birth_date');
    expectError('УБ23222912', 'birth_date');
  });

  it('months 13–20 and 33–99 are never a month', () => {
    fc.assert(
      fc.property(
        mongolianCapital,
        mongolianCapital,
        fc.integer({ min: 0, max: 99 }),
        fc.oneof(fc.integer({ min: 13, max: 20 }), fc.integer({ min: 33, max: 99 }), fc.constant(0)),
        fc.integer({ min: 1, max: 28 }),
        digitString(2, 2),
        (a, b, yy, mm, dd, tail) => {
          const p2 = (n: number) => String(n).padStart(2, '0');
          expectError(`${a}${b}${p2(yy)}${p2(mm)}${p2(dd)}${tail}`, 'birth_date');
        },
      ),
    );
  });

  it('a birth date after "today" is refused', () => {
    expectError('УБ26261610', 'birth_date'); // 2026-06-16, the day after TODAY
    expectError('УБ26271510', 'birth_date'); // 2026-07-15
    expectError('УБ27210110', 'birth_date'); // 2027
    expectError('УБ99322112', 'birth_date'); // 2099
    expectError('УБ30210112', 'birth_date'); // 2030
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2026-06-16T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        digitString(2, 2),
        (d, tail) => {
          const text = registrationNumber('УБ', d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), tail);
          expectError(text, 'birth_date');
        },
      ),
    );
  });

  it('the same number becomes valid once its birth date has passed', () => {
    // "Today" is the date in Mongolia (UTC+8): 16 June begins there at 16:00 UTC on the 15th.
    expectError('УБ26261610', 'birth_date', new Date('2026-06-15T15:59:59Z'));
    expectValid('УБ26261610', 'УБ26261610', '2026-06-16', 'male', new Date('2026-06-15T16:00:00Z'));
  });

  it('never throws, and whatever it accepts has the documented shape', () => {
    const alphabet = fc.constantFrom(...MONGOLIAN_CAPITALS, ...'0123456789 ABEKMHOPCTXYDFGabc'.split(''), 'ө', 'ү');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: alphabet, minLength: 8, maxLength: 12 })), (s) => {
        const r = parse(s);
        if (r.ok) {
          expect(r.value.value).toMatch(/^[А-ЯЁӨҮ]{2}[0-9]{8}$/);
          expect(r.value.birthDate).toMatch(/^(19|20)\d\d-\d\d-\d\d$/);
          expect(r.value.birthDate <= isoDate(2026, 6, 15)).toBe(true);
          expect(new Date(`${r.value.birthDate}T00:00:00Z`).toISOString().slice(0, 10)).toBe(r.value.birthDate);
        } else {
          expect(['empty', 'length', 'letters', 'digits', 'birth_date']).toContain(r.error);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
