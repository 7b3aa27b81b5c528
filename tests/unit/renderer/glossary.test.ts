import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECEIPT_TEXT } from '../../../src-main/printer/receipt-text.js';
import { formatMnt } from '../../../src-shared/format.js';
import type { Language } from '../../../src-shared/schemas/localized-text.js';
import en from '../../../src-renderer/i18n/locales/en.json';
import kk from '../../../src-renderer/i18n/locales/kk.json';
import mn from '../../../src-renderer/i18n/locales/mn.json';
import glossaryEn from '../../../src-renderer/i18n/glossary.en.json';
import glossaryKk from '../../../src-renderer/i18n/glossary.kk.json';
import glossaryMn from '../../../src-renderer/i18n/glossary.mn.json';

interface Term {
  concept: string;
  use: string;
  forbidden: string[];
  scope?: string[];
}

const LANGS: Language[] = ['mn', 'kk', 'en'];
const GLOSSARY: Record<Language, Term[]> = { mn: glossaryMn.terms, kk: glossaryKk.terms, en: glossaryEn.terms };
const LOCALES = { mn, kk, en };
const CONTENT_DIR = path.resolve(import.meta.dirname, '../../../assets/demo-content');

/** Every string of a nested object, by its dotted key. */
function flatten(tree: unknown, prefix = ''): [string, string][] {
  if (typeof tree === 'string') return [[prefix, tree]];
  if (tree === null || typeof tree !== 'object') return [];
  return Object.entries(tree).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Every text of the demo content a visitor reads in `lang`: localized JSON fields and the law texts. */
function contentTexts(lang: Language): [string, string][] {
  const out: [string, string][] = [];
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${where}[${i}]`));
    else if (node !== null && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.mn === 'string' && typeof o[lang] === 'string') out.push([where, o[lang]]);
      for (const [k, v] of Object.entries(o)) walk(v, `${where}.${k}`);
    }
  };
  for (const file of files(CONTENT_DIR)) {
    const rel = path.relative(CONTENT_DIR, file);
    if (file.endsWith('.json')) walk(JSON.parse(readFileSync(file, 'utf8')), rel);
    const lawText = lang === 'mn' ? /[/\\]text\.md$/ : new RegExp(`[/\\\\]text\\.${lang}\\.md$`);
    if (lawText.test(file))
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => out.push([`${rel}:${i + 1}`, line]));
  }
  return out;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forbidden variants `text` contains, at a word's start, after the preferred form is taken out. */
function variantsIn(text: string, term: Term): string[] {
  const rest = text.replace(new RegExp(escape(term.use), 'giu'), ' ');
  return term.forbidden.filter((v) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(v)}`, 'iu').test(rest));
}

function inScope(term: Term, key: string | null): boolean {
  if (!term.scope) return true;
  return key !== null && term.scope.some((s) => key === s || key.startsWith(s.endsWith('.') ? s : `${s}.`));
}

describe('one name for each thing, per language (src-renderer/i18n/glossary.*.json)', () => {
  for (const lang of LANGS) {
    it(`${lang}: no locale string uses a forbidden variant`, () => {
      const found: string[] = [];
      for (const [key, value] of flatten(LOCALES[lang]))
        for (const term of GLOSSARY[lang])
          if (inScope(term, key))
            for (const v of variantsIn(value, term)) found.push(`${key}: «${v}» (write «${term.use}»)`);
      expect(found).toEqual([]);
    });

    it(`${lang}: no receipt word and no demo content text uses a forbidden variant`, () => {
      const found: string[] = [];
      const texts = [
        ...flatten(RECEIPT_TEXT[lang]).map(([k, v]): [string, string] => [`receipt-text.${k}`, v]),
        ...contentTexts(lang),
      ];
      expect(texts.length).toBeGreaterThan(50);
      for (const [where, value] of texts)
        for (const term of GLOSSARY[lang])
          if (!term.scope)
            for (const v of variantsIn(value, term)) found.push(`${where}: «${v}» (write «${term.use}»)`);
      expect(found).toEqual([]);
    });
  }

  it('the checker finds a variant and spares the preferred form', () => {
    const khural = glossaryKk.terms.find((t) => t.use === 'Мемлекеттік Ұлы Хурал')!;
    expect(variantsIn('Ұлы Мемлекеттік Хуралға ұсынылды', khural)).toEqual(['Ұлы Мемлекеттік Хурал']);
    expect(variantsIn('Мемлекеттік Ұлы Хуралға ұсынылды', khural)).toEqual([]);
    const comment = glossaryKk.terms.find((t) => t.use === 'ұсыныс')!;
    expect(inScope(comment, 'laws.comment.submit')).toBe(true);
    expect(inScope(comment, 'attract.laws')).toBe(true);
    expect(inScope(comment, 'petition.text')).toBe(false);
  });
});

describe('fees are written one way in each language: as formatMnt writes them', () => {
  const AMOUNT = /₮\s?\d[\d,\s\u00a0]*\d|\d[\d,\s\u00a0]*\d\s?₮/gu;
  for (const lang of LANGS) {
    it(lang, () => {
      const texts = [...flatten(LOCALES[lang]), ...contentTexts(lang)];
      const wrong: string[] = [];
      let seen = 0;
      for (const [where, text] of texts) {
        for (const m of text.matchAll(AMOUNT)) {
          seen++;
          const amount = Number(m[0].replace(/\D/g, ''));
          if (m[0] !== formatMnt(amount, lang)) wrong.push(`${where}: «${m[0]}», write «${formatMnt(amount, lang)}»`);
        }
      }
      expect(seen).toBeGreaterThan(0);
      expect(wrong).toEqual([]);
    });
  }
});

describe('plain Mongolian', () => {
  it('no string says «дотор» twice', () => {
    const repeated = flatten(mn).filter(([, v]) => (v.match(/(?<!\p{L})дотор(?!\p{L})/gu) ?? []).length > 1);
    expect(repeated.map(([k]) => k)).toEqual([]);
  });
});
