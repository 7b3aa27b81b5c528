import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src-shared/canonical-json.js';

/** Keys a hostile page might carry: prototype names, empty, control and Cyrillic letters. */
const oddKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    '',
    '\u0000',
    'Өргөдөл',
    '1',
    '01',
  ),
  fc.string({ maxLength: 6 }),
);

/** JSON text with odd keys, so JSON.parse makes every one of them an own member (as a page arrives). */
const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .oneof(
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.string(),
      )
      .map((v) => JSON.stringify(v)),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc
      .uniqueArray(fc.tuple(oddKey, tie('value')), { maxLength: 5, selector: ([key]) => key })
      .map((members) => `{${members.map(([key, text]) => `${JSON.stringify(key)}:${text}`).join(',')}}`),
  ),
})).value;

/** Every own member, at every depth, as path → JSON of a leaf. */
function members(value: unknown, at = '$', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) value.forEach((item, i) => members(item, `${at}[${i}]`, out));
  else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value))
      members((value as Record<string, unknown>)[key], `${at}.${JSON.stringify(key)}`, out);
    if (Object.keys(value).length === 0) out.set(at, '{}');
  } else out.set(at, JSON.stringify(value));
  return out;
}

describe('canonicalJson', () => {
  it('covers every member it is given, odd keys included, and reads back to the same members', () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        const parsed: unknown = JSON.parse(text);
        const canonical = canonicalJson(parsed);
        expect(members(JSON.parse(canonical))).toEqual(members(parsed));
        // The same value written in another order gives the same text.
        expect(canonicalJson(JSON.parse(canonical))).toBe(canonical);
      }),
      { numRuns: 500 },
    );
  });

  it('a `__proto__` member is written, so adding one changes what is signed', () => {
    const page = JSON.parse('{"after":0,"changes":[{"data":{"id":"a"},"__proto__":{"admin":true}}]}') as unknown;
    expect(canonicalJson(page)).toBe('{"after":0,"changes":[{"__proto__":{"admin":true},"data":{"id":"a"}}]}');
    expect(canonicalJson(page)).not.toBe(canonicalJson(JSON.parse('{"after":0,"changes":[{"data":{"id":"a"}}]}')));
  });

  it('writes what JSON.stringify writes for ordinary values, keys sorted', () => {
    expect(canonicalJson({ b: 1, a: [undefined, () => 1, 'x'], c: undefined, d: { z: 'Ө', y: [] } })).toBe(
      '{"a":[null,null,"x"],"b":1,"d":{"y":[],"z":"Ө"}}',
    );
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(-0)).toBe('0');
  });
});
