import { describe, expect, it } from 'vitest';
import {
  mongolianOrdinal,
  mongolianOrdinalSuffix,
  mongolianOrdinalUpper,
  parseMongolianOrdinalUpper,
} from '../../../src-server/content/mongolian-ordinals.js';

/** Chapter ordinals 1..99 as parliament spells them (docs/content-format.md). */
// prettier-ignore
const ORDINALS_1_TO_99 = [
  'НЭГДҮГЭЭР', 'ХОЁРДУГААР', 'ГУРАВДУГААР', 'ДӨРӨВДҮГЭЭР', 'ТАВДУГААР',
  'ЗУРГААДУГААР', 'ДОЛДУГААР', 'НАЙМДУГААР', 'ЕСДҮГЭЭР', 'АРАВДУГААР',
  'АРВАН НЭГДҮГЭЭР', 'АРВАН ХОЁРДУГААР', 'АРВАН ГУРАВДУГААР', 'АРВАН ДӨРӨВДҮГЭЭР', 'АРВАН ТАВДУГААР',
  'АРВАН ЗУРГААДУГААР', 'АРВАН ДОЛДУГААР', 'АРВАН НАЙМДУГААР', 'АРВАН ЕСДҮГЭЭР', 'ХОРЬДУГААР',
  'ХОРИН НЭГДҮГЭЭР', 'ХОРИН ХОЁРДУГААР', 'ХОРИН ГУРАВДУГААР', 'ХОРИН ДӨРӨВДҮГЭЭР', 'ХОРИН ТАВДУГААР',
  'ХОРИН ЗУРГААДУГААР', 'ХОРИН ДОЛДУГААР', 'ХОРИН НАЙМДУГААР', 'ХОРИН ЕСДҮГЭЭР', 'ГУЧДУГААР',
  'ГУЧИН НЭГДҮГЭЭР', 'ГУЧИН ХОЁРДУГААР', 'ГУЧИН ГУРАВДУГААР', 'ГУЧИН ДӨРӨВДҮГЭЭР', 'ГУЧИН ТАВДУГААР',
  'ГУЧИН ЗУРГААДУГААР', 'ГУЧИН ДОЛДУГААР', 'ГУЧИН НАЙМДУГААР', 'ГУЧИН ЕСДҮГЭЭР', 'ДӨЧДҮГЭЭР',
  'ДӨЧИН НЭГДҮГЭЭР', 'ДӨЧИН ХОЁРДУГААР', 'ДӨЧИН ГУРАВДУГААР', 'ДӨЧИН ДӨРӨВДҮГЭЭР', 'ДӨЧИН ТАВДУГААР',
  'ДӨЧИН ЗУРГААДУГААР', 'ДӨЧИН ДОЛДУГААР', 'ДӨЧИН НАЙМДУГААР', 'ДӨЧИН ЕСДҮГЭЭР', 'ТАВЬДУГААР',
  'ТАВИН НЭГДҮГЭЭР', 'ТАВИН ХОЁРДУГААР', 'ТАВИН ГУРАВДУГААР', 'ТАВИН ДӨРӨВДҮГЭЭР', 'ТАВИН ТАВДУГААР',
  'ТАВИН ЗУРГААДУГААР', 'ТАВИН ДОЛДУГААР', 'ТАВИН НАЙМДУГААР', 'ТАВИН ЕСДҮГЭЭР', 'ЖАРДУГААР',
  'ЖАРАН НЭГДҮГЭЭР', 'ЖАРАН ХОЁРДУГААР', 'ЖАРАН ГУРАВДУГААР', 'ЖАРАН ДӨРӨВДҮГЭЭР', 'ЖАРАН ТАВДУГААР',
  'ЖАРАН ЗУРГААДУГААР', 'ЖАРАН ДОЛДУГААР', 'ЖАРАН НАЙМДУГААР', 'ЖАРАН ЕСДҮГЭЭР', 'ДАЛДУГААР',
  'ДАЛАН НЭГДҮГЭЭР', 'ДАЛАН ХОЁРДУГААР', 'ДАЛАН ГУРАВДУГААР', 'ДАЛАН ДӨРӨВДҮГЭЭР', 'ДАЛАН ТАВДУГААР',
  'ДАЛАН ЗУРГААДУГААР', 'ДАЛАН ДОЛДУГААР', 'ДАЛАН НАЙМДУГААР', 'ДАЛАН ЕСДҮГЭЭР', 'НАЯДУГААР',
  'НАЯН НЭГДҮГЭЭР', 'НАЯН ХОЁРДУГААР', 'НАЯН ГУРАВДУГААР', 'НАЯН ДӨРӨВДҮГЭЭР', 'НАЯН ТАВДУГААР',
  'НАЯН ЗУРГААДУГААР', 'НАЯН ДОЛДУГААР', 'НАЯН НАЙМДУГААР', 'НАЯН ЕСДҮГЭЭР', 'ЕРДҮГЭЭР',
  'ЕРЭН НЭГДҮГЭЭР', 'ЕРЭН ХОЁРДУГААР', 'ЕРЭН ГУРАВДУГААР', 'ЕРЭН ДӨРӨВДҮГЭЭР', 'ЕРЭН ТАВДУГААР',
  'ЕРЭН ЗУРГААДУГААР', 'ЕРЭН ДОЛДУГААР', 'ЕРЭН НАЙМДУГААР', 'ЕРЭН ЕСДҮГЭЭР',
];

describe('mongolianOrdinalUpper', () => {
  it.each(ORDINALS_1_TO_99.map((word, i) => [i + 1, word] as const))('%i → %s', (n, word) => {
    expect(mongolianOrdinalUpper(n)).toBe(word);
    expect(mongolianOrdinal(n)).toBe(word.toLowerCase());
    expect(parseMongolianOrdinalUpper(word)).toBe(n);
  });

  it('gives 99 different words, each ending in the suffix of its number', () => {
    const words = ORDINALS_1_TO_99.map((_, i) => mongolianOrdinalUpper(i + 1));
    expect(new Set(words).size).toBe(99);
    words.forEach((w, i) => expect(w.endsWith(mongolianOrdinalSuffix(i + 1).toUpperCase())).toBe(true));
  });

  it('reads ordinal words with extra spaces, and nothing else', () => {
    expect(parseMongolianOrdinalUpper('  АРВАН   НЭГДҮГЭЭР ')).toBe(11);
    for (const bad of ['НЭГДУГААР', 'ЗУРГАДУГААР', 'ДОЛООДУГААР', 'нэгдүгээр', 'АРАВ НЭГДҮГЭЭР', '1', '']) {
      expect(parseMongolianOrdinalUpper(bad), bad).toBeUndefined();
    }
  });

  it.each([0, -1, 1.5, 100, Number.NaN])('refuses %s', (n) => {
    expect(() => mongolianOrdinalUpper(n)).toThrow(RangeError);
  });
});

describe('mongolianOrdinalSuffix (vowel harmony of the last numeral word)', () => {
  it.each([1, 4, 9, 11, 14, 19, 21, 40, 41, 90, 140, 1001, 1040])('%i дүгээр', (n) => {
    expect(mongolianOrdinalSuffix(n)).toBe('дүгээр');
  });
  it.each([2, 3, 5, 6, 7, 8, 10, 12, 13, 20, 30, 50, 60, 70, 80, 100, 200, 1000])('%i дугаар', (n) => {
    expect(mongolianOrdinalSuffix(n)).toBe('дугаар');
  });
});
