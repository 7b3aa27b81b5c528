/**
 * The capital and the 21 aimags by their National Statistics Office code (2 digits), with their
 * Mongolian and English names. Copied from the reference list `../shared/data/aimags.json` (the
 * same source `scripts/generate-places.ts` builds the demo places from), so the server can check
 * an aimag operator's code without reading anything outside the repository.
 */
export const AIMAGS: Readonly<Record<string, { readonly mn: string; readonly en: string }>> = {
  '11': { mn: 'Улаанбаатар', en: 'Ulaanbaatar' },
  '65': { mn: 'Архангай', en: 'Arkhangai' },
  '83': { mn: 'Баян-Өлгий', en: 'Bayan-Ölgii' },
  '64': { mn: 'Баянхонгор', en: 'Bayankhongor' },
  '63': { mn: 'Булган', en: 'Bulgan' },
  '82': { mn: 'Говь-Алтай', en: 'Govi-Altai' },
  '42': { mn: 'Говьсүмбэр', en: 'Govisümber' },
  '45': { mn: 'Дархан-Уул', en: 'Darkhan-Uul' },
  '44': { mn: 'Дорноговь', en: 'Dornogovi' },
  '21': { mn: 'Дорнод', en: 'Dornod' },
  '48': { mn: 'Дундговь', en: 'Dundgovi' },
  '81': { mn: 'Завхан', en: 'Zavkhan' },
  '61': { mn: 'Орхон', en: 'Orkhon' },
  '62': { mn: 'Өвөрхангай', en: 'Övörkhangai' },
  '46': { mn: 'Өмнөговь', en: 'Ömnögovi' },
  '22': { mn: 'Сүхбаатар', en: 'Sükhbaatar' },
  '43': { mn: 'Сэлэнгэ', en: 'Selenge' },
  '41': { mn: 'Төв', en: 'Töv' },
  '85': { mn: 'Увс', en: 'Uvs' },
  '84': { mn: 'Ховд', en: 'Khovd' },
  '67': { mn: 'Хөвсгөл', en: 'Khövsgöl' },
  '23': { mn: 'Хэнтий', en: 'Khentii' },
};

/** True for the code of the capital or one of the 21 aimags (`65` Arkhangai, `11` Ulaanbaatar). */
export function isAimagCode(code: string): boolean {
  return Object.hasOwn(AIMAGS, code);
}
