import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, mn, type Messages } from './messages.js';

export type ConsoleLanguage = 'mn' | 'en';
const TABLES: Record<ConsoleLanguage, Messages> = { mn, en };
const STORAGE_KEY = 'tsonkh-console-language';

/** Dotted paths to every string of the table: `'signIn.wrong'`, `'audit.outcomes.ok'`. */
type Paths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Paths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type MessageKey = Paths<Messages>;

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translate(
  lang: ConsoleLanguage,
  key: MessageKey,
  values: Record<string, string | number> = {},
): string {
  let node: unknown = TABLES[lang];
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  const text = typeof node === 'string' ? node : key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

interface I18nValue {
  lang: ConsoleLanguage;
  setLang: (lang: ConsoleLanguage) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

function initialLanguage(): ConsoleLanguage {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'mn';
  } catch {
    return 'mn';
  }
}

/** Mongolian unless the operator chose English (remembered in this browser). */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<ConsoleLanguage>(initialLanguage);
  const value = useMemo<I18nValue>(
    () => ({
      lang,
      setLang: (next) => {
        setLangState(next);
        document.documentElement.lang = next;
        document.title = translate(next, 'app.title');
        try {
          localStorage.setItem(STORAGE_KEY, next);
        } catch {
          // private mode: the choice lasts this page only
        }
      },
      t: (key, values) => translate(lang, key, values),
    }),
    [lang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
