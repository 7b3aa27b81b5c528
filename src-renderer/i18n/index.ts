import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../src-shared/schemas/localized-text.js';
import mn from './locales/mn.json';
import kk from './locales/kk.json';
import en from './locales/en.json';

export const resources = { mn: { translation: mn }, kk: { translation: kk }, en: { translation: en } } as const;

/** Mongolian first; a key missing in kk or en falls back to Mongolian, never to the key itself. */
export async function initI18n(lang: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources,
    lng: lang,
    fallbackLng: 'mn',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
