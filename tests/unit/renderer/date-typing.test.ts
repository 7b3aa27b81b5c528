import { describe, expect, it } from 'vitest';
import { formatTypedDate } from '../../../src-renderer/features/form/date-typing.js';

describe('a date typed on the keypad', () => {
  it('gets its dots as the digits come: 19880214 reads 1988.02.14', () => {
    let value = '';
    const seen: string[] = [];
    for (const digit of '19880214') {
      value = formatTypedDate(value + digit);
      seen.push(value);
    }
    expect(seen).toEqual(['1', '19', '198', '1988', '1988.0', '1988.02', '1988.02.1', '1988.02.14']);
  });

  it('keeps a date typed with its dots, and stops at the day', () => {
    expect(formatTypedDate('1990.05.01')).toBe('1990.05.01');
    expect(formatTypedDate('1990.05.011')).toBe('1990.05.01');
    expect(formatTypedDate('1990-05-01')).toBe('1990.05.01');
  });

  it('pads a one-digit month or day when the citizen types the dot', () => {
    expect(formatTypedDate('1988.2.')).toBe('1988.02.');
    expect(formatTypedDate('1988.2.7')).toBe('1988.02.7');
  });

  it('erasing the dot leaves the digits before it (the dot is not put back at once)', () => {
    expect(formatTypedDate('1988.')).toBe('1988.');
    expect(formatTypedDate('1988')).toBe('1988');
    expect(formatTypedDate('1988.0')).toBe('1988.0');
  });

  it('leaves out a second dot and what is not a digit', () => {
    expect(formatTypedDate('1988..02')).toBe('1988.02');
    expect(formatTypedDate('.1988')).toBe('1988');
    expect(formatTypedDate('19a88')).toBe('1988');
    expect(formatTypedDate('')).toBe('');
  });
});
