import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateAnswers, validateField, type FieldResult } from '../../../src-shared/rules/field-validation.js';
import { formSchema, type Form, type FormField } from '../../../src-shared/schemas/content.js';
import { digitString, TODAY, validRegistration } from './arbitraries.js';

const label = { mn: 'Талбар' };

/** A form as a publisher would write it, parsed (and defaulted) by the real schema. */
function form(fields: Record<string, unknown>[]): Form {
  return formSchema.parse({ id: 'test-form', version: 1, title: { mn: 'Маягт' }, fields });
}

function field(def: Record<string, unknown>): FormField {
  return form([{ id: 'f', label, ...def }]).fields[0]!;
}

const check = (f: FormField, raw: string | undefined, today: Date = TODAY): FieldResult => validateField(f, raw, today);
const ok = (value: string): FieldResult => ({ ok: true, value });
const err = (error: Record<string, unknown>) => ({ ok: false, error });

const ALL_TYPES: Record<string, unknown>[] = [
  { type: 'text' },
  { type: 'number' },
  { type: 'date' },
  { type: 'select', options: [{ value: 'a', label }] },
  { type: 'registration_number' },
  { type: 'phone' },
];

describe('validateField: required and empty', () => {
  it.each(ALL_TYPES)(
    "a required $type field refuses missing, empty and whitespace-only input with 'required'",
    (def) => {
      const f = field({ ...def, required: true });
      for (const raw of [undefined, '', ' ', '   ', '\t\n', '\u00a0']) {
        expect(check(f, raw), JSON.stringify(raw)).toEqual(err({ code: 'required' }));
      }
    },
  );

  it.each(ALL_TYPES)('an optional $type field (the default) accepts no answer as the empty string', (def) => {
    const f = field(def);
    expect(f.required).toBe(false);
    for (const raw of [undefined, '', '  ']) expect(check(f, raw)).toEqual(ok(''));
  });
});

describe('validateField: text', () => {
  it('trims the value and accepts anything within the limits', () => {
    const f = field({ type: 'text' });
    expect(check(f, '  Батболд  ')).toEqual(ok('Батболд'));
    expect(check(f, 'Өлгий сум')).toEqual(ok('Өлгий сум'));
  });

  it("'too_short' carries min; the limit is inclusive", () => {
    const f = field({ type: 'text', minLength: 3 });
    expect(check(f, 'ab')).toEqual(err({ code: 'too_short', min: 3 }));
    expect(check(f, ' ab ')).toEqual(err({ code: 'too_short', min: 3 }));
    expect(check(f, 'abc')).toEqual(ok('abc'));
  });

  it("'too_long' carries max; the limit is inclusive; the default max is 200", () => {
    const f = field({ type: 'text', maxLength: 5 });
    expect(check(f, 'abcdef')).toEqual(err({ code: 'too_long', max: 5 }));
    expect(check(f, 'abcde')).toEqual(ok('abcde'));
    const d = field({ type: 'text' });
    expect(check(d, 'x'.repeat(200))).toEqual(ok('x'.repeat(200)));
    expect(check(d, 'x'.repeat(201))).toEqual(err({ code: 'too_long', max: 200 }));
  });

  it('counts characters (code points), not UTF-16 units', () => {
    const f = field({ type: 'text', minLength: 2, maxLength: 3 });
    expect(check(f, '😀😀😀')).toEqual(ok('😀😀😀')); // 6 UTF-16 units
    expect(check(f, '😀')).toEqual(err({ code: 'too_short', min: 2 }));
    expect(check(f, 'ӨҮӘ')).toEqual(ok('ӨҮӘ'));
    expect(check(f, 'ӨҮӘІ')).toEqual(err({ code: 'too_long', max: 3 }));
  });

  it('length limits agree with a reference count for any string', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 12 }),
        fc.nat(6),
        fc.integer({ min: 1, max: 12 }),
        (s, min, max) => {
          fc.pre(min <= max);
          const f = field({ type: 'text', minLength: min, maxLength: max });
          const trimmed = s.trim();
          const len = [...trimmed].length;
          const r = check(f, s);
          if (trimmed === '') expect(r).toEqual(ok(''));
          else if (len < min) expect(r).toEqual(err({ code: 'too_short', min }));
          else if (len > max) expect(r).toEqual(err({ code: 'too_long', max }));
          else expect(r).toEqual(ok(trimmed));
        },
      ),
    );
  });

  it("'pattern' without a message has no message key", () => {
    const f = field({ type: 'text', pattern: '[0-9]{7}' });
    expect(check(f, '1234567')).toEqual(ok('1234567'));
    const r = check(f, '123456');
    expect(r).toEqual(err({ code: 'pattern' }));
    expect(!r.ok && 'message' in r.error).toBe(false);
  });

  it("'pattern' carries the publisher's message when there is one", () => {
    const message = { mn: '7 оронтой тоо', en: 'seven digits' };
    const f = field({ type: 'text', pattern: '[0-9]{7}', patternMessage: message });
    expect(check(f, 'abc')).toEqual(err({ code: 'pattern', message }));
  });

  it('the pattern must match the whole (trimmed) value', () => {
    const f = field({ type: 'text', pattern: 'ab|cd' });
    expect(check(f, 'ab')).toEqual(ok('ab'));
    expect(check(f, ' cd ')).toEqual(ok('cd'));
    for (const bad of ['abcd', 'xab', 'abx', 'a', 'cdcd']) expect(check(f, bad), bad).toEqual(err({ code: 'pattern' }));
  });

  it('patterns are Unicode-aware (Mongolian letters, \\p{…} classes)', () => {
    const f = field({ type: 'text', pattern: '[А-ЯЁӨҮа-яёөү ]+' });
    expect(check(f, 'Хөвсгөл Үүрэг')).toEqual(ok('Хөвсгөл Үүрэг'));
    expect(check(f, 'Khuvsgul')).toEqual(err({ code: 'pattern' }));
    const g = field({ type: 'text', pattern: '\\p{L}+' });
    expect(check(g, 'Өлгий')).toEqual(ok('Өлгий'));
    expect(check(g, 'Өлгий1')).toEqual(err({ code: 'pattern' }));
  });

  it('length is checked before the pattern', () => {
    const f = field({ type: 'text', minLength: 5, maxLength: 6, pattern: '[a-z]+' });
    expect(check(f, '12')).toEqual(err({ code: 'too_short', min: 5 }));
    expect(check(f, '1234567')).toEqual(err({ code: 'too_long', max: 6 }));
    expect(check(f, '12345')).toEqual(err({ code: 'pattern' }));
  });

  it('a pattern the form schema accepts never makes validation throw (e.g. "\\d{4}\\-\\d{4}", valid without the u flag)', () => {
    // A publisher's pattern that is fine in most regex dialects; with the `u` flag `\-` is a syntax error.
    for (const pattern of ['\\d{4}\\-\\d{4}', '(', '[a-', '\\a']) {
      const parsed = formSchema.safeParse({
        id: 'x',
        version: 1,
        title: label,
        fields: [{ id: 'f', type: 'text', label, pattern }],
      });
      if (parsed.success) {
        expect(() => validateField(parsed.data.fields[0]!, '1234-5678', TODAY), `pattern ${pattern}`).not.toThrow();
      }
    }
  });
});

describe('validateField: number', () => {
  const integer = field({ type: 'number' });
  const decimal = field({ type: 'number', integer: false });

  it('is an integer field by default and normalises the value', () => {
    expect(integer.type === 'number' && integer.integer).toBe(true);
    expect(check(integer, '42')).toEqual(ok('42'));
    expect(check(integer, ' 007 ')).toEqual(ok('7'));
    expect(check(integer, '-3')).toEqual(ok('-3'));
    expect(check(integer, '1.0')).toEqual(ok('1'));
    expect(check(integer, '-0')).toEqual(ok('0'));
  });

  it('accepts a decimal comma or point when decimals are allowed', () => {
    expect(check(decimal, '2,5')).toEqual(ok('2.5'));
    expect(check(decimal, '2.5')).toEqual(ok('2.5'));
    expect(check(decimal, '-0,25')).toEqual(ok('-0.25'));
  });

  it("'not_number' for text, empty-ish numbers and infinities", () => {
    for (const raw of [
      'abc',
      '12a',
      '1 2',
      '1,2,3',
      '1.2.3',
      '.',
      '-',
      '+',
      'Infinity',
      '-Infinity',
      '1e400',
      'NaN',
      '١٢',
    ]) {
      expect(check(decimal, raw), raw).toEqual(err({ code: 'not_number' }));
    }
  });

  it("'not_integer' for fractions in an integer field", () => {
    for (const raw of ['1.5', '1,5', '-0.1', '0.000001'])
      expect(check(integer, raw), raw).toEqual(err({ code: 'not_integer' }));
  });

  it("'too_small' / 'too_large' carry the limit; limits are inclusive", () => {
    const f = field({ type: 'number', min: 1, max: 10 });
    expect(check(f, '0')).toEqual(err({ code: 'too_small', min: 1 }));
    expect(check(f, '-5')).toEqual(err({ code: 'too_small', min: 1 }));
    expect(check(f, '1')).toEqual(ok('1'));
    expect(check(f, '10')).toEqual(ok('10'));
    expect(check(f, '11')).toEqual(err({ code: 'too_large', max: 10 }));
    const g = field({ type: 'number', integer: false, min: 0.5, max: 2.5 });
    expect(check(g, '0,4')).toEqual(err({ code: 'too_small', min: 0.5 }));
    expect(check(g, '2,6')).toEqual(err({ code: 'too_large', max: 2.5 }));
    expect(check(g, '2,5')).toEqual(ok('2.5'));
  });

  it('the integer check comes before the range check', () => {
    const f = field({ type: 'number', min: 1, max: 10 });
    expect(check(f, '0.5')).toEqual(err({ code: 'not_integer' }));
  });

  it('any integer in range is accepted as its canonical decimal text; out of range is refused', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: -500, max: 0 }),
        fc.integer({ min: 0, max: 500 }),
        (n, min, max) => {
          const f = field({ type: 'number', min, max });
          const r = check(f, String(n));
          if (n < min) expect(r).toEqual(err({ code: 'too_small', min }));
          else if (n > max) expect(r).toEqual(err({ code: 'too_large', max }));
          else expect(r).toEqual(ok(String(n)));
        },
      ),
    );
  });

  it('any finite decimal typed with a comma reads the same as with a point', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), (x) => {
        const text = String(x);
        fc.pre(!text.includes('e'));
        expect(check(decimal, text.replace('.', ','))).toEqual(check(decimal, text));
        expect(check(decimal, text)).toEqual(ok(String(Number(text))));
      }),
    );
  });
});

describe('validateField: date', () => {
  const plain = field({ type: 'date' });

  it('accepts real ISO dates', () => {
    for (const d of ['2024-02-29', '2000-02-29', '1999-12-31', '2026-06-15', '1900-01-01'])
      expect(check(plain, d), d).toEqual(ok(d));
    expect(check(plain, ' 2024-01-05 ')).toEqual(ok('2024-01-05'));
  });

  it("'bad_date' for impossible dates and other formats", () => {
    for (const d of [
      '2023-02-29',
      '1900-02-29',
      '2024-02-30',
      '2024-04-31',
      '2024-13-01',
      '2024-00-10',
      '2024-01-00',
      '2024-01-32',
      '2024-2-1',
      '24-02-01',
      '2024/02/01',
      '2024.02.01',
      '01.02.2024',
      '2024-02-01T00:00:00Z',
      '20240201',
      'today',
      'yesterday',
      '+02024-02-01',
    ]) {
      expect(check(plain, d), d).toEqual(err({ code: 'bad_date' }));
    }
  });

  it("'date_too_early' / 'date_too_late' with fixed limits, inclusive", () => {
    const f = field({ type: 'date', min: '2024-01-01', max: '2024-12-31' });
    expect(check(f, '2023-12-31')).toEqual(err({ code: 'date_too_early', min: '2024-01-01' }));
    expect(check(f, '2024-01-01')).toEqual(ok('2024-01-01'));
    expect(check(f, '2024-12-31')).toEqual(ok('2024-12-31'));
    expect(check(f, '2025-01-01')).toEqual(err({ code: 'date_too_late', max: '2024-12-31' }));
  });

  it("'today' as a limit is resolved to the validation date and reported as that date", () => {
    const future = field({ type: 'date', min: 'today' });
    expect(check(future, '2026-06-14')).toEqual(err({ code: 'date_too_early', min: '2026-06-15' }));
    expect(check(future, '2026-06-15')).toEqual(ok('2026-06-15'));
    expect(check(future, '2030-01-01')).toEqual(ok('2030-01-01'));
    const past = field({ type: 'date', max: 'today' });
    expect(check(past, '2026-06-16')).toEqual(err({ code: 'date_too_late', max: '2026-06-15' }));
    expect(check(past, '2026-06-15')).toEqual(ok('2026-06-15'));
    expect(check(past, '1950-01-01')).toEqual(ok('1950-01-01'));
    // A different "today" moves the limit.
    expect(check(past, '2026-06-16', new Date('2026-06-16T12:00:00Z'))).toEqual(ok('2026-06-16'));
  });

  it('the format check comes before the range check', () => {
    const f = field({ type: 'date', min: '2024-01-01' });
    expect(check(f, '2023-02-30')).toEqual(err({ code: 'bad_date' }));
  });

  it('agrees with the calendar for any date and any range', () => {
    const day = fc
      .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, day, (value, a, b) => {
        const [min, max] = a <= b ? [a, b] : [b, a];
        const r = check(field({ type: 'date', min, max }), value);
        if (value < min) expect(r).toEqual(err({ code: 'date_too_early', min }));
        else if (value > max) expect(r).toEqual(err({ code: 'date_too_late', max }));
        else expect(r).toEqual(ok(value));
      }),
    );
  });
});

describe('validateField: select', () => {
  const f = field({
    type: 'select',
    options: [
      { value: 'birth', label: { mn: 'Төрсний' } },
      { value: 'marriage', label: { mn: 'Гэрлэлтийн' } },
    ],
  });

  it('accepts an option value (trimmed), exactly', () => {
    expect(check(f, 'birth')).toEqual(ok('birth'));
    expect(check(f, ' marriage ')).toEqual(ok('marriage'));
  });

  it("'bad_option' for anything else, including labels and other case", () => {
    for (const raw of ['Birth', 'BIRTH', 'Төрсний', 'death', 'birt', 'birthx', '0'])
      expect(check(f, raw), raw).toEqual(err({ code: 'bad_option' }));
  });
});

describe('validateField: registration_number', () => {
  const f = field({ type: 'registration_number', required: true });

  it('normalises to upper-case Cyrillic without spaces', () => {
    expect(check(f, 'УБ99032112')).toEqual(ok('УБ99032112'));
    expect(check(f, 'уб 99 03 21 12')).toEqual(ok('УБ99032112'));
    expect(check(f, 'xo05231542')).toEqual(ok('ХО05231542'));
    expect(check(f, 'TA99032112')).toEqual(ok('ТА99032112'));
    expect(check(f, 'өү99032112')).toEqual(ok('ӨҮ99032112'));
  });

  it('maps each registration error to registration_<error>', () => {
    expect(check(f, 'УБ9903211')).toEqual(err({ code: 'registration_length' }));
    expect(check(f, 'DB99032112')).toEqual(err({ code: 'registration_letters' }));
    expect(check(f, 'УБ99О32112')).toEqual(err({ code: 'registration_digits' }));
    expect(check(f, 'УБ99023012')).toEqual(err({ code: 'registration_birth_date' }));
    expect(check(f, 'УБ99133112')).toEqual(err({ code: 'registration_birth_date' }));
  });

  it('checks the birth date against the "today" given', () => {
    expect(check(f, 'УБ26261610', TODAY)).toEqual(err({ code: 'registration_birth_date' }));
    expect(check(f, 'УБ26261610', new Date('2026-06-16T12:00:00Z'))).toEqual(ok('УБ26261610'));
  });

  it('any valid number is accepted as itself, also typed in lower case', () => {
    fc.assert(
      fc.property(validRegistration, (r) => {
        expect(check(f, r.text)).toEqual(ok(r.text));
        expect(check(f, r.text.toLowerCase())).toEqual(ok(r.text));
      }),
    );
  });

  it('never has a warning', () => {
    const r = check(f, 'УБ99032112');
    expect(r.ok && 'warning' in r).toBe(false);
  });
});

describe('validateField: phone', () => {
  const f = field({ type: 'phone', required: true });

  it('normalises to 8 digits, without a warning for mobile and landline numbers', () => {
    expect(check(f, '+976 9911-2233')).toEqual(ok('99112233'));
    expect(check(f, '(976) 88 11 22 33')).toEqual(ok('88112233'));
    expect(check(f, '95112233')).toEqual(ok('95112233'));
    expect(check(f, '7011 2233')).toEqual(ok('70112233'));
  });

  it("gives a 'phone_unusual_prefix' warning but accepts the number", () => {
    expect(check(f, '+976 1234 5678')).toEqual({
      ok: true,
      value: '12345678',
      warning: { code: 'phone_unusual_prefix' },
    });
  });

  it('maps each phone error to phone_<error>', () => {
    expect(check(f, '9911223')).toEqual(err({ code: 'phone_length' }));
    expect(check(f, '+976 99112233 4')).toEqual(err({ code: 'phone_length' }));
    expect(check(f, '9911 223a')).toEqual(err({ code: 'phone_not_digits' }));
    expect(check(f, '( ) -')).toEqual(err({ code: 'phone_empty' }));
  });

  it('any 8 digits are accepted as themselves', () => {
    fc.assert(
      fc.property(digitString(8, 8), (n) => {
        const r = check(f, `+976 ${n}`);
        expect(r.ok && r.value).toBe(n);
      }),
    );
  });
});

describe('validateAnswers', () => {
  const application = form([
    { id: 'fullName', type: 'text', label, required: true, minLength: 2, maxLength: 60 },
    { id: 'registrationNo', type: 'registration_number', label, required: true },
    { id: 'phone', type: 'phone', label, required: true },
    { id: 'children', type: 'number', label, min: 0, max: 20 },
    { id: 'moveDate', type: 'date', label, min: 'today' },
    {
      id: 'kind',
      type: 'select',
      label,
      options: [
        { value: 'within', label },
        { value: 'between', label },
      ],
    },
    { id: 'note', type: 'text', label },
  ]);

  it('collects normalised values and warnings when everything is valid', () => {
    const r = validateAnswers(
      application,
      {
        fullName: '  Батболд Дорж ',
        registrationNo: 'yb 99032112',
        phone: '+976 1234-5678',
        children: '2',
        moveDate: '2026-07-01',
        kind: 'between',
      },
      TODAY,
    );
    expect(r).toEqual({
      ok: true,
      values: {
        fullName: 'Батболд Дорж',
        registrationNo: 'УВ99032112',
        phone: '12345678',
        children: '2',
        moveDate: '2026-07-01',
        kind: 'between',
        note: '',
      },
      errors: {},
      warnings: { phone: { code: 'phone_unusual_prefix' } },
    });
  });

  it('reports every invalid field at once and keeps the valid ones', () => {
    const r = validateAnswers(
      application,
      {
        fullName: 'Б',
        registrationNo: 'УБ99023012',
        phone: '99112233',
        children: '2.5',
        moveDate: '2026-06-14',
        kind: 'other',
        note: 'ok',
      },
      TODAY,
    );
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual({
      fullName: { code: 'too_short', min: 2 },
      registrationNo: { code: 'registration_birth_date' },
      children: { code: 'not_integer' },
      moveDate: { code: 'date_too_early', min: '2026-06-15' },
      kind: { code: 'bad_option' },
    });
    expect(r.values).toEqual({ phone: '99112233', note: 'ok' });
    expect(r.warnings).toEqual({});
  });

  it("missing answers to required fields are 'required'; optional ones become ''", () => {
    const r = validateAnswers(application, {}, TODAY);
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual({
      fullName: { code: 'required' },
      registrationNo: { code: 'required' },
      phone: { code: 'required' },
    });
    expect(r.values).toEqual({ children: '', moveDate: '', kind: '', note: '' });
  });

  it('ignores answers to fields the form does not have', () => {
    const small = form([{ id: 'a', type: 'text', label }]);
    const r = validateAnswers(small, { a: 'x', b: 'y' }, TODAY);
    expect(r).toEqual({ ok: true, values: { a: 'x' }, errors: {}, warnings: {} });
  });

  it('ok is exactly "no errors", and every field lands in values or errors but never both', () => {
    const answer = fc.option(
      fc.oneof(
        fc.string({ maxLength: 12 }),
        digitString(1, 12),
        fc.constantFrom('УБ99032112', '99112233', '2026-07-01', 'within'),
      ),
      { nil: undefined },
    );
    const answers = fc.record(Object.fromEntries(application.fields.map((f) => [f.id, answer])), {
      requiredKeys: [],
    }) as fc.Arbitrary<Record<string, string>>;
    fc.assert(
      fc.property(answers, (a) => {
        const r = validateAnswers(application, a, TODAY);
        expect(r.ok).toBe(Object.keys(r.errors).length === 0);
        for (const f of application.fields) {
          expect(f.id in r.values !== f.id in r.errors).toBe(true);
          const single = validateField(f, a[f.id], TODAY);
          if (single.ok) {
            expect(r.values[f.id]).toBe(single.value);
            expect(r.warnings[f.id]).toEqual(single.warning);
          } else {
            expect(r.errors[f.id]).toEqual(single.error);
          }
        }
        for (const id of Object.keys(r.warnings)) expect(id in r.values).toBe(true);
      }),
    );
  });

  it('a field whose id is also an Object.prototype name ("constructor", "toString") and is not answered is just "required"', () => {
    // Field ids only have to start with a letter, so these are legal; answers are plain objects.
    const f = form([
      { id: 'constructor', type: 'text', label, required: true },
      { id: 'toString', type: 'text', label },
      { id: 'valueOf', type: 'phone', label },
    ]);
    const r = validateAnswers(f, {}, TODAY);
    expect(r.errors).toEqual({ constructor: { code: 'required' } });
    expect(r.values).toEqual({ toString: '', valueOf: '' });
  });
});
