import { describe, expect, it } from 'vitest';
import { ALPHABETS, DIGITS, keypadExtra } from '../../../src-renderer/features/keyboard/layouts.js';

const MONGOLIAN = 'А Б В Г Д Е Ё Ж З И Й К Л М Н О Ө П Р С Т У Ү Ф Х Ц Ч Ш Щ Ъ Ы Ь Э Ю Я'.toLowerCase().split(' ');
const KAZAKH_EXTRA = 'Ә Ғ Қ Ң Ұ Һ І'.toLowerCase().split(' ');

describe('on-screen keyboard layouts', () => {
  it('the Mongolian layout has all 35 letters, Ө and Ү included, each once', () => {
    const keys = ALPHABETS.mn.flat();
    expect(keys).toHaveLength(35);
    expect(new Set(keys)).toEqual(new Set(MONGOLIAN));
  });

  it('the Kazakh layout has every Kazakh letter (the Mongolian set plus Ә Ғ Қ Ң Ұ Һ І)', () => {
    const keys = new Set(ALPHABETS.kk.flat());
    for (const letter of [...MONGOLIAN, ...KAZAKH_EXTRA]) expect(keys, letter).toContain(letter);
    expect(ALPHABETS.kk.flat()).toHaveLength(keys.size);
  });

  it('the Latin layout has the 26 letters', () => {
    expect(ALPHABETS.latin.flat().sort().join('')).toBe('abcdefghijklmnopqrstuvwxyz');
  });

  it('capitals of every Cyrillic key are single letters (so Shift never types two characters)', () => {
    for (const k of [...ALPHABETS.mn.flat(), ...ALPHABETS.kk.flat()]) expect(k.toLocaleUpperCase('mn')).toHaveLength(1);
  });

  it('the keypad has the ten digits, a dot for dates and a plus for phones', () => {
    expect([...DIGITS].sort().join('')).toBe('0123456789');
    expect(keypadExtra('date')).toBe('.');
    expect(keypadExtra('tel')).toBe('+');
    expect(keypadExtra('numeric')).toBeNull();
  });
});
