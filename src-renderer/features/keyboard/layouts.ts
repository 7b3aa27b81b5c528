import type { Language } from '../../../src-shared/schemas/localized-text.js';

export type Alphabet = 'mn' | 'kk' | 'latin';
export type KeyboardKind = 'text' | 'numeric' | 'date' | 'tel' | 'regno' | 'contact';

/** Rows of letter keys; the digits row is added above every alphabet. */
export const ALPHABETS: Record<Alphabet, string[][]> = {
  // The Mongolian standard layout's letter block (МNS 5217), е and щ brought down from the top row.
  mn: [
    ['ф', 'ц', 'у', 'ж', 'э', 'н', 'г', 'ш', 'ү', 'з', 'к', 'ъ'],
    ['й', 'ы', 'б', 'ө', 'а', 'х', 'р', 'о', 'л', 'д', 'п', 'е'],
    ['я', 'ч', 'ё', 'с', 'м', 'и', 'т', 'ь', 'в', 'ю', 'щ'],
  ],
  // Kazakh: the nine Kazakh letters as their own row above the Russian-style block.
  kk: [
    ['ә', 'і', 'ң', 'ғ', 'ү', 'ұ', 'қ', 'ө', 'һ'],
    ['й', 'ц', 'у', 'к', 'е', 'н', 'г', 'ш', 'щ', 'з', 'х', 'ъ'],
    ['ф', 'ы', 'в', 'а', 'п', 'р', 'о', 'л', 'д', 'ж', 'э'],
    ['я', 'ч', 'с', 'м', 'и', 'т', 'ь', 'б', 'ю', 'ё'],
  ],
  latin: [
    ['q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p'],
    ['a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l'],
    ['z', 'x', 'c', 'v', 'b', 'n', 'm'],
  ],
};

export const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];
export const PUNCTUATION = [',', '.', '-', '?', '!', '"', ':', '(', ')', '№', '@'];

/** The keys a phone number or an e-mail address needs besides letters and digits, always shown on a contact field. */
export const CONTACT_KEYS = ['@', '.', '-', '_', '+'];

/** The keypad's bottom-left key: a dot for dates (2026.11.26), a plus for phones (+976). */
export function keypadExtra(kind: KeyboardKind): string | null {
  if (kind === 'date') return '.';
  if (kind === 'tel') return '+';
  return null;
}

export function defaultAlphabet(lang: Language): Alphabet {
  return lang === 'en' ? 'latin' : lang;
}

/** Which keyboard a field wants: from `data-keyboard`, else from `inputmode`/`type`. */
export function keyboardKindOf(el: HTMLInputElement | HTMLTextAreaElement): KeyboardKind {
  const wanted = el.dataset.keyboard;
  if (wanted === 'regno' || wanted === 'date' || wanted === 'numeric' || wanted === 'tel' || wanted === 'contact')
    return wanted;
  const mode = el.inputMode;
  if (mode === 'tel' || (el instanceof HTMLInputElement && el.type === 'tel')) return 'tel';
  if (mode === 'numeric' || mode === 'decimal') return 'numeric';
  return 'text';
}
