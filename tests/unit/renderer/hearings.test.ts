import { describe, expect, it } from 'vitest';
import { hearingPrintRequest, printHearing } from '../../../src-renderer/core/print-hearing.js';
import {
  hearingStart,
  hearingWhen,
  splitHearings,
  takenOnText,
} from '../../../src-renderer/features/hearings/hearing-list.js';
import { printTextRequestSchema, type PrintTextRequest } from '../../../src-shared/bridge-contract.js';
import type { Hearing } from '../../../src-shared/schemas/open-data.js';

const hearing = (id: string, startsAt: string, over: Partial<Hearing> = {}): Hearing => ({
  id,
  aimag: '83',
  soum: '8322',
  source: { url: 'https://www.legalinfo.mn/', takenOn: '2026-11-20' },
  organiser: 'Дэлүүн сумын ИТХ',
  topic: 'Бэлчээрийн ашиглалтын төлөвлөгөө',
  startsAt,
  place: 'Дэлүүн сумын соёлын төв',
  howToTakePart: 'Биечлэн ирэх, эсвэл ТҮЦ-ээр оролцох хүсэлтээ бүртгүүлэх',
  result: null,
  ...over,
});

describe('the public-hearings list', () => {
  it("reads a hearing's announced time on its own aimag's clock: Hovd time in Bayan-Ölgii, Ulaanbaatar's elsewhere", () => {
    expect(hearingStart(hearing('a', '2026-12-18T10:00:00')).toISOString()).toBe('2026-12-18T03:00:00.000Z');
    expect(hearingStart(hearing('b', '2026-12-18T10:00:00', { aimag: '44' })).toISOString()).toBe(
      '2026-12-18T02:00:00.000Z',
    );
  });

  it('says the day and time in plain words on the kiosk clock, in each language', () => {
    const h = hearing('a', '2026-12-18T10:00:00');
    expect(hearingWhen(h, 'mn', '83')).toBe('2026 оны 12-р сарын 18, Баасан гараг, 10:00 цагт');
    expect(hearingWhen(h, 'kk', '83')).toBe('2026 жылғы 18 желтоқсан, жұма, сағат 10:00');
    expect(hearingWhen(h, 'en', '83')).toBe('Friday 18 December 2026, 10:00');
    // A Dornogovi hearing seen on an Ölgii kiosk: 10:00 in Sainshand is 09:00 on Ölgii's clock.
    expect(hearingWhen(hearing('b', '2026-12-18T10:00:00', { aimag: '44' }), 'mn', '83')).toContain('09:00');
    expect(takenOnText('2026-11-20', 'kk')).toBe('2026.11.20');
    expect(takenOnText('2026-11-20', 'en')).toBe('20 November 2026');
  });

  it("puts those to come first, soonest first and this soum's first on a day; then those held, latest first", () => {
    const now = new Date('2026-12-04T03:00:00Z'); // 10:00 in Ölgii
    const list = [
      hearing('late', '2027-01-20T10:00:00'),
      hearing('other-soum', '2026-12-18T10:00:00'),
      hearing('own-soum', '2026-12-18T15:00:00', { soum: '8301' }),
      hearing('old', '2026-04-12T14:00:00', { result: 'Иргэдийн 12 санал тусгагдсан' }),
      hearing('recent', '2026-11-12T10:00:00'),
      // Started an hour ago: someone can still walk over.
      hearing('now', '2026-12-04T09:00:00'),
      hearing('this-morning', '2026-12-04T06:00:00'),
    ];
    const { upcoming, past } = splitHearings(list, now, '8301');
    expect(upcoming.map((h) => h.id)).toEqual(['now', 'own-soum', 'other-soum', 'late']);
    expect(past.map((h) => h.id)).toEqual(['this-morning', 'recent', 'old']);
  });

  it("prints a hearing's short summary through the kiosk's text printing, within the host's limits", async () => {
    const h = hearing('a', '2026-12-18T10:00:00', { result: 'Төслийг баталсан' });
    const words = {
      heading: 'Олон нийтийн сонсгол',
      when: 'Хэзээ',
      place: 'Хаана',
      organiser: 'Зохион байгуулагч',
      howToTakePart: 'Хэрхэн оролцох',
      result: 'Үр дүн',
      source: 'Эх сурвалж',
    };
    const request = hearingPrintRequest(h, hearingWhen(h, 'mn', '83'), '2026.11.20', words, 'mn');
    expect(printTextRequestSchema.parse(request)).toEqual(request);
    // A source whose address is written in Cyrillic still prints its QR code (the host takes ASCII only).
    const idn = hearing('b', '2026-12-18T10:00:00', {
      source: { url: 'https://шилэн.мн/сонсгол', takenOn: '2026-11-20' },
    });
    const idnRequest = hearingPrintRequest(idn, 'x', '2026.11.20', words, 'mn');
    expect(printTextRequestSchema.safeParse(idnRequest).success).toBe(true);
    expect(idnRequest.url).toMatch(/^https:\/\/xn--/);
    expect(request.title).toBe('Бэлчээрийн ашиглалтын төлөвлөгөө');
    expect(request.paragraphs).toEqual([
      'Хэзээ: 2026 оны 12-р сарын 18, Баасан гараг, 10:00 цагт',
      'Хаана: Дэлүүн сумын соёлын төв',
      'Зохион байгуулагч: Дэлүүн сумын ИТХ',
      'Хэрхэн оролцох: Биечлэн ирэх, эсвэл ТҮЦ-ээр оролцох хүсэлтээ бүртгүүлэх',
      'Үр дүн: Төслийг баталсан',
      'Эх сурвалж: https://www.legalinfo.mn/ (2026.11.20)',
    ]);
    const printed: PrintTextRequest[] = [];
    await printHearing({ printLawText: async (r) => void printed.push(r) }, h, 'when', '2026.11.20', words, 'kk');
    expect(printed).toHaveLength(1);
    expect(printed[0]!.lang).toBe('kk');
  });
});
