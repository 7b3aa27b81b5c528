import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatCalendarDate,
  addDays,
  daysBetween,
  formatDate,
  formatDateTime,
  formatMnt,
  formatNumber,
  isoDateInMongolia,
} from '../../../src-shared/format.js';

describe('formatting per language', () => {
  it('tögrög: sign after the number in Mongolian, spaced in Kazakh, before it in English', () => {
    expect(formatMnt(12500)).toBe('12,500₮');
    expect(formatMnt(12500, 'mn')).toBe('12,500₮');
    expect(formatMnt(12500, 'kk')).toMatch(/^12\s500\s₮$/u);
    expect(formatMnt(12500, 'en')).toBe('₮12,500');
    expect(formatMnt(0, 'mn')).toBe('0₮');
  });

  it('numbers group digits as each reader expects', () => {
    expect(formatNumber(1234567, 'mn')).toBe('1,234,567');
    expect(formatNumber(1234567, 'kk')).toMatch(/^1\s234\s567$/u);
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
  });

  it('dates: 2026.11.26 for Mongolian and Kazakh, 26 Nov 2026 for English, in Mongolia time', () => {
    // 20:00 UTC on the 25th is already the 26th in Ulaanbaatar.
    const d = new Date('2026-11-25T20:00:00Z');
    expect(formatDate(d, 'mn')).toBe('2026.11.26');
    expect(formatDate(d, 'kk')).toBe('2026.11.26');
    expect(formatDate(d, 'en')).toBe('26 Nov 2026');
    expect(formatDateTime(d, 'mn')).toBe('2026.11.26 04:00');
    expect(isoDateInMongolia(d)).toBe('2026-11-26');
  });

  it("today in Mongolia agrees with the time-zone database's Ulaanbaatar at every instant", () => {
    const zone = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Ulaanbaatar',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const inZone = (d: Date) => zone.format(d);
    // The days around the end of the last daylight-saving time (2016), midnights, and far years.
    const edges = [
      '2016-03-25T17:00:00Z',
      '2016-07-01T15:30:00Z',
      '2016-09-23T14:59:59.999Z',
      '2016-09-23T15:00:00Z',
      '2016-09-24T15:59:59.999Z',
      '2016-09-24T16:00:00Z',
      '2026-12-20T15:59:59.999Z',
      '2026-12-20T16:00:00Z',
      '1990-06-01T16:30:00Z',
      '9999-12-31T15:59:59.999Z',
    ];
    for (const iso of edges) expect(isoDateInMongolia(new Date(iso)), iso).toBe(inZone(new Date(iso)));
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1980-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }),
        (d) => {
          expect(isoDateInMongolia(d)).toBe(inZone(d));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('calendar arithmetic crosses months and years', () => {
    expect(addDays('2026-11-26', 30)).toBe('2026-12-26');
    expect(addDays('2026-12-20', 30)).toBe('2027-01-19');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(daysBetween('2026-11-26', '2026-12-20')).toBe(24);
    expect(daysBetween('2026-12-20', '2026-11-26')).toBe(-24);
  });
});

describe('sorting with Intl.Collator', () => {
  it('puts Ө after О and Ү after У, as a Mongolian dictionary does', () => {
    const words = ['Үүр', 'Өндөр', 'Яргай', 'Орхон', 'Улаан', 'Шар'];
    expect([...words].sort(new Intl.Collator('mn').compare)).toEqual([
      'Орхон',
      'Өндөр',
      'Улаан',
      'Үүр',
      'Шар',
      'Яргай',
    ]);
  });
});

describe('formatCalendarDate', () => {
  it('shows a day of Mongolia’s calendar as that day, in each language', () => {
    expect(formatCalendarDate('2026-12-20', 'mn')).toBe('2026.12.20');
    expect(formatCalendarDate('2026-12-20', 'kk')).toBe('2026.12.20');
    expect(formatCalendarDate('2026-12-20', 'en')).toBe('20 Dec 2026');
    expect(formatCalendarDate('2027-01-01', 'mn')).toBe('2027.01.01');
  });
});
