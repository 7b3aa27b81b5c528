import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBridgeMethod } from '../../../src-shared/bridge-contract.js';
import mn from '../../../src-renderer/i18n/locales/mn.json';
import kk from '../../../src-renderer/i18n/locales/kk.json';
import en from '../../../src-renderer/i18n/locales/en.json';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk2, vv] of flatten(v, key)) out.set(kk2, vv);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

const locales = { mn: flatten(mn), kk: flatten(kk), en: flatten(en) };
const rendererDir = path.resolve(import.meta.dirname, '../../../src-renderer');

describe('translations', () => {
  it('mn, kk and en have exactly the same keys, none empty', () => {
    const keys = [...locales.mn.keys()].sort();
    for (const [lang, map] of Object.entries(locales)) {
      expect([...map.keys()].sort(), lang).toEqual(keys);
      for (const [k, v] of map) expect(v.trim(), `${lang}:${k}`).not.toBe('');
    }
  });

  it('every key the renderer names exists (plural keys by their _one/_other forms)', () => {
    const namespaces = [...new Set([...locales.mn.keys()].map((k) => k.split('.')[0]))].join('|');
    const keyLiteral = new RegExp(`['"\`]((?:${namespaces})\\.[A-Za-z_]+)['"\`]`, 'g');
    const used = new Set<string>();
    for (const file of sourceFiles(rendererDir)) {
      for (const m of readFileSync(file, 'utf8').matchAll(keyLiteral)) {
        if (!isBridgeMethod(m[1])) used.add(m[1]!);
      }
    }
    expect(used.size).toBeGreaterThan(20);
    for (const key of used) {
      const exists = locales.mn.has(key) || (locales.mn.has(`${key}_one`) && locales.mn.has(`${key}_other`));
      expect(exists, key).toBe(true);
    }
  });

  it('Mongolian strings have no Kazakh-only letters and no Latin words', () => {
    for (const [key, value] of locales.mn) {
      // Names of languages and alphabets are written in their own script, as on the buttons.
      if (key.startsWith('lang.') || key.startsWith('keyboard.alphabet.')) continue;
      expect(value, key).not.toMatch(/[ӘәҒғҚқҢңҰұҺһІі]/u);
      // Interpolations and the acronyms Mongolian uses as they are (USB, QR) aside.
      const words = value.replace(/\{\{\w+\}\}/g, '').replace(/\b(USB|QR)\b/g, '');
      expect(words, key).not.toMatch(/[A-Za-z]{2,}/);
    }
  });
});
