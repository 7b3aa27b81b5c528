import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { kazakhDative } from '../../src-shared/format.js';
import type { Language } from '../../src-shared/schemas/localized-text.js';
import mn from './locales/mn.json';

/**
 * Mongolian is in the first chunk (it is also every other language's fallback); Kazakh and
 * English load as their own small chunks right after the first screen shows, or at once when a
 * visitor chooses them.
 */
const LOADERS: Record<Exclude<Language, 'mn'>, () => Promise<{ default: object }>> = {
  kk: () => import('./locales/kk.json'),
  en: () => import('./locales/en.json'),
};

/** Mongolian first; a key missing in kk or en falls back to Mongolian, never to the key itself. */
export async function initI18n(lang: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  // Before init, so the first language (set by init itself) reaches <html lang> too.
  followHtmlLang(instance);
  await instance.use(initReactI18next).init({
    resources: { mn: { translation: mn } },
    lng: 'mn',
    fallbackLng: 'mn',
    interpolation: { escapeValue: false },
    returnNull: false,
    // Resources are bundled: initialise in this tick, not after a timer.
    initAsync: false,
    // Kazakh and English arrive a moment after the first paint; screens that already show them
    // (the attract screen greets in all three) re-render when they are added.
    react: { bindI18nStore: 'added' },
  });
  addFormatters(instance);
  if (lang !== 'mn') {
    await ensureLanguage(instance, lang);
    await instance.changeLanguage(lang);
  }
  return instance;
}

/**
 * `{{date, dative}}`: in Kazakh the value takes its dative ending by vowel harmony and final sound
 * (`2027.01.02-ге дейін`, `110-ға дейін`); other languages show the value as it is.
 */
export function addFormatters(instance: i18n): void {
  instance.services.formatter?.add('dative', (value: unknown, lng: string | undefined) =>
    lng === 'kk' ? kazakhDative(String(value)) : String(value),
  );
}

/**
 * The one listener that keeps `<html lang>` on the visitor's language: i18next holds the
 * language, and every change (a visitor's choice, the reset when a visit ends) goes through it.
 */
export function followHtmlLang(instance: i18n): void {
  if (typeof document === 'undefined') return;
  instance.on('languageChanged', (lng: string) => {
    document.documentElement.lang = lng;
  });
}

/**
 * A visitor's choice of language: its strings loaded first (a no-op once they are), then
 * i18next switches, and screens re-render in it.
 */
export async function changeLanguage(instance: i18n, lang: Language): Promise<void> {
  await ensureLanguage(instance, lang);
  await instance.changeLanguage(lang);
}

/** Makes sure `lang`'s strings are loaded (a no-op once they are). */
export async function ensureLanguage(instance: i18n, lang: Language): Promise<void> {
  if (lang === 'mn' || instance.hasResourceBundle(lang, 'translation')) return;
  const strings = await LOADERS[lang]();
  instance.addResourceBundle(lang, 'translation', strings.default, true, true);
}

export async function ensureAllLanguages(instance: i18n): Promise<void> {
  await Promise.all((['kk', 'en'] as const).map((l) => ensureLanguage(instance, l)));
}
