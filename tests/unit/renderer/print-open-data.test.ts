import { describe, expect, it } from 'vitest';
import { printTextRequestSchema } from '../../../src-shared/bridge-contract.js';
import { crimeTable } from '../../../src-shared/open-data-map/crime-summary.js';
import { licencesNear } from '../../../src-shared/open-data-map/licences-near.js';
import type { CrimeCount, Licence } from '../../../src-shared/schemas/open-data.js';
import {
  crimeSummaryPrint,
  licenceSummaryPrint,
  monthWords,
  printOpenDataSummary,
  PRINTED_LICENCES,
  type Words,
} from '../../../src-renderer/core/print-open-data.js';
import mn from '../../../src-renderer/i18n/locales/mn.json';

/** The Mongolian strings with i18next's {{name}} filled in: enough of `t` for plain Node. */
const words: Words = (key, values = {}) => {
  const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], mn);
  if (typeof text !== 'string') throw new Error(`no string ${key}`);
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? `{{${name}}}`));
};
const source = { url: 'https://cmcs.mrpam.gov.mn/', takenOn: '2026-11-20' };
const place = { lang: 'mn' as const, words, aimag: 'Баян-Өлгий', soum: 'Өлгий', soumName: (c: string) => `сум ${c}` };

const licence = (i: number): Licence => ({
  id: `XV-${i}`,
  aimag: '83',
  soum: '8301',
  source,
  number: `XV-${i}`,
  holder: 'Алтай Зам ХХК',
  kind: 'exploration',
  status: 'active',
  commodities: ['алт'],
  areaHa: 1250.5,
  granted: null,
  expires: null,
  soums: [i < 3 ? '8301' : '8304'],
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [89 + i * 0.01, 48],
        [89.01 + i * 0.01, 48],
        [89.01 + i * 0.01, 48.01],
        [89 + i * 0.01, 48],
      ],
    ],
  },
});

describe('printing a summary of the map screens', () => {
  it('licences: the sentence, this soum’s first, at most a few, the rest counted, and the source', () => {
    const rows = licencesNear(
      Array.from({ length: 12 }, (_, i) => licence(i)),
      [],
      '8301',
    );
    const request = licenceSummaryPrint(place, rows);
    expect(printTextRequestSchema.parse(request)).toEqual(request);
    expect(request.title).toBe('Бидний ойролцоох тусгай зөвшөөрөл');
    expect(request.paragraphs[0]).toBe(
      'Баян-Өлгий аймагт ашигт малтмал, газрын тосны 12 тусгай зөвшөөрөл бий. Үүнээс 3 нь Өлгий суманд байна.',
    );
    expect(request.paragraphs[1]).toContain('XV-0 — Алтай Зам ХХК; Ашигт малтмалын хайгуул, Хүчинтэй; алт;');
    expect(request.paragraphs).toHaveLength(1 + PRINTED_LICENCES + 2);
    expect(request.paragraphs.at(-2)).toBe('… бас 4 тусгай зөвшөөрөл дэлгэц дээр бий.');
    expect(request.paragraphs.at(-1)).toMatch(/^Эх сурвалж: https:\/\/cmcs\.mrpam\.gov\.mn\/ \(/);
    expect(request.url).toBe(source.url);
  });

  it('crime: the latest months with hidden counts in words, and why they are hidden', () => {
    const count = (month: string, crime: string, n: number | null): CrimeCount => ({
      id: `${month}-${crime}`,
      aimag: '83',
      soum: '8301',
      source: { url: 'https://www.1212.mn/', takenOn: '2026-11-20' },
      month,
      crime,
      count: n,
    });
    const counts = ['2026-08', '2026-09', '2026-10', '2026-11'].flatMap((m, i) => [
      count(m, 'Хулгай', 10 + i),
      count(m, 'Залилан', null),
    ]);
    const request = crimeSummaryPrint(place, crimeTable(counts, '8301'), 'Өлгий', counts[0]!.source);
    expect(printTextRequestSchema.parse(request)).toEqual(request);
    expect(request.paragraphs.slice(0, 2)).toEqual([
      '2026 оны 11-р сар — Бүгд: 14–17',
      'Хулгай: 13; Залилан: 5-аас цөөн',
    ]);
    expect(request.paragraphs).toHaveLength(3 * 2 + 2);
    expect(request.paragraphs.at(-2)).toContain('«5-аас цөөн»');
    expect(monthWords(words, '2026-01')).toBe('2026 оны 1-р сар');
  });

  it('prints through the core, and a printer failure reaches the screen', async () => {
    const printed: unknown[] = [];
    const request = { lang: 'mn' as const, title: 'x', heading: '', paragraphs: ['y'], url: 'https://www.1212.mn/' };
    await printOpenDataSummary({ printLawText: async (r) => void printed.push(r) }, request);
    expect(printed).toEqual([request]);
    await expect(
      printOpenDataSummary({ printLawText: () => Promise.reject(new Error('paper out')) }, request),
    ).rejects.toThrow('paper out');
  });
});
