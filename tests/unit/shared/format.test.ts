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
  kazakhDative,
  kazakhDativeSuffix,
  kioskTimeZone,
  officialDayEndsAt,
} from '../../../src-shared/format.js';

describe('formatting per language', () => {
  it('tögrög: sign right after the number in Mongolian and Kazakh, before it in English', () => {
    expect(formatMnt(12500)).toBe('12,500₮');
    expect(formatMnt(12500, 'mn')).toBe('12,500₮');
    // Digits grouped by a no-break space, so a fee never breaks across lines; no space before ₮.
    expect(formatMnt(12500, 'kk')).toBe('12\u00a0500₮');
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

describe('the clock of the kiosk’s place', () => {
  it('Bayan-Ölgii, Khovd and Uvs keep Hovd time; every other aimag and the capital Ulaanbaatar time', () => {
    expect(kioskTimeZone('83')).toBe('Asia/Hovd');
    expect(kioskTimeZone('84')).toBe('Asia/Hovd');
    expect(kioskTimeZone('85')).toBe('Asia/Hovd');
    for (const code of ['11', '65', '82', '81', '45', '21']) expect(kioskTimeZone(code)).toBe('Asia/Ulaanbaatar');
  });

  it('shows 15:33 in Ölgii when it is 16:33 in Ulaanbaatar, and the day before when UB has passed midnight', () => {
    const at = new Date('2026-11-26T08:33:00Z');
    expect(formatDateTime(at, 'mn')).toBe('2026.11.26 16:33');
    expect(formatDateTime(at, 'mn', kioskTimeZone('83'))).toBe('2026.11.26 15:33');
    expect(formatDateTime(at, 'kk', kioskTimeZone('83'))).toBe('2026.11.26 15:33');
    expect(formatDateTime(at, 'en', kioskTimeZone('84'))).toBe('26 Nov 2026 15:33');
    // 16:30 UTC: 00:30 on the 27th in Ulaanbaatar, still 23:30 on the 26th in Khovd.
    const late = new Date('2026-11-26T16:30:00Z');
    expect(formatDateTime(late, 'mn', kioskTimeZone('11'))).toBe('2026.11.27 00:30');
    expect(formatDateTime(late, 'mn', kioskTimeZone('84'))).toBe('2026.11.26 23:30');
    expect(formatDate(late, 'en', kioskTimeZone('85'))).toBe('26 Nov 2026');
    // The official day stays Ulaanbaatar's everywhere.
    expect(isoDateInMongolia(late)).toBe('2026-11-27');
  });
});

describe('the Kazakh dative ending', () => {
  it('agrees with the number as it is read: vowel harmony and the final sound', () => {
    const cases: [string, string][] = [
      ['2027.01.01', 'ге'], // бір
      ['2027.01.02', 'ге'], // екі
      ['2027.01.03', 'ке'], // үш
      ['2027.01.04', 'ке'], // төрт
      ['2027.01.05', 'ке'], // бес
      ['2027.01.06', 'ға'], // алты
      ['2027.01.07', 'ге'], // жеті
      ['2027.01.08', 'ге'], // сегіз
      ['2027.01.09', 'ға'], // тоғыз
      ['2027.01.10', 'ға'], // он
      ['2027.01.20', 'ға'], // жиырма
      ['2027.01.30', 'ға'], // отыз
      ['40', 'қа'], // қырық
      ['50', 'ге'], // елу
      ['60', 'қа'], // алпыс
      ['70', 'ке'], // жетпіс
      ['80', 'ге'], // сексен
      ['90', 'ға'], // тоқсан
      ['100', 'ге'], // жүз
      ['110', 'ға'], // жүз он
      ['1000', 'ға'], // мың
    ];
    for (const [text, suffix] of cases) expect(kazakhDativeSuffix(text), text).toBe(suffix);
  });

  it('joins a number with a hyphen and a word directly', () => {
    expect(kazakhDative('2027.01.02')).toBe('2027.01.02-ге');
    expect(kazakhDative('110')).toBe('110-ға');
    expect(kazakhDative('Өлгий')).toBe('Өлгийге');
    expect(kazakhDative('Алматы')).toBe('Алматыға');
    expect(kazakhDative('мектеп')).toBe('мектепке');
    expect(kazakhDative('қазақ')).toBe('қазаққа');
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

describe('officialDayEndsAt', () => {
  it('the law’s day ends at 24:00 in Ulaanbaatar and at 23:00 on Hovd time', () => {
    expect(officialDayEndsAt('2026-12-05')).toBe('24:00');
    expect(officialDayEndsAt('2026-12-05', kioskTimeZone('65'))).toBe('24:00');
    expect(officialDayEndsAt('2026-12-05', kioskTimeZone('83'))).toBe('23:00');
  });
});
