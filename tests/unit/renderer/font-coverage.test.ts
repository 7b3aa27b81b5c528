import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** The font files the renderer actually bundles, read from its @font-face rules. */
function bundledFonts(): { file: string; hasGlyph(cp: number): boolean }[] {
  const css = readFileSync(path.join(ROOT, 'src-renderer/fonts.css'), 'utf8');
  const files = [...css.matchAll(/url\('@fontsource\/noto-sans\/files\/([^']+)'\)/g)].map((m) => m[1]!);
  expect(files.length).toBeGreaterThanOrEqual(8);
  return files.map((f) => {
    const font = fontkit.create(readFileSync(path.join(ROOT, 'node_modules/@fontsource/noto-sans/files', f))) as {
      hasGlyphForCodePoint(cp: number): boolean;
    };
    return { file: f, hasGlyph: (cp) => font.hasGlyphForCodePoint(cp) };
  });
}

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p, ext) : ext.test(name) ? [p] : [];
  });
}

/** Every character a citizen can see: UI strings and all demo content (JSON and law texts). */
function visibleCharacters(): Map<string, string> {
  const sources = [
    ...filesUnder(path.join(ROOT, 'src-renderer/i18n/locales'), /\.json$/),
    ...filesUnder(path.join(ROOT, 'assets/demo-content'), /\.(json|md)$/),
  ];
  const seen = new Map<string, string>();
  for (const file of sources) {
    for (const ch of readFileSync(file, 'utf8')) {
      if (/\s/u.test(ch) || seen.has(ch)) continue;
      seen.set(ch, path.relative(ROOT, file));
    }
  }
  return seen;
}

describe('bundled font', () => {
  it('has a glyph for every character of every UI string and of the demo content', () => {
    const fonts = bundledFonts();
    const missing = [...visibleCharacters()]
      .filter(([ch]) => !fonts.some((f) => f.hasGlyph(ch.codePointAt(0)!)))
      .map(([ch, file]) => `${ch} U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} (${file})`);
    expect(missing).toEqual([]);
  });

  it('covers the whole Mongolian and Kazakh Cyrillic alphabets and ₮', () => {
    const fonts = bundledFonts();
    const letters = 'АБВГДЕЁЖЗИЙКЛМНОӨПРСТУҮФХЦЧШЩЪЫЬЭЮЯӘҒҚҢҰҺІ' + '₮№';
    for (const ch of letters + letters.toLowerCase()) {
      expect(
        fonts.some((f) => f.hasGlyph(ch.codePointAt(0)!)),
        ch,
      ).toBe(true);
    }
  });
});
