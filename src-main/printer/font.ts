import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';

/** Env var naming a folder that holds the receipt fonts (packaged kiosks, unusual layouts). */
export const FONT_DIR_ENV = 'TSONKH_FONT_DIR';

export type FontWeight = 'regular' | 'bold';

/**
 * Noto Sans as @fontsource ships it: one WOFF file per Unicode subset. Together these cover
 * Latin, Mongolian and Kazakh Cyrillic (Ө Ү Ә Ғ Қ Ң Ұ Һ І), `№` and `₮`. They share one design
 * and one em square, so a character is simply looked up in each file in turn.
 */
const SUBSETS = ['latin', 'cyrillic', 'cyrillic-ext', 'latin-ext'] as const;
const WEIGHT_FILE: Record<FontWeight, string> = { regular: '400', bold: '700' };

interface Face {
  font: fontkit.Font;
}

/** One positioned glyph outline source: which file and which glyph. */
export interface GlyphRef {
  font: fontkit.Font;
  glyph: fontkit.Glyph;
  /** Stable key for caches. */
  key: string;
}

/** The bundled fonts in one weight, with per-character fallback across the subset files. */
export interface ReceiptFont {
  readonly weight: FontWeight;
  readonly unitsPerEm: number;
  /** The glyph for `ch`, or undefined when no bundled file has it. */
  glyph(ch: string): GlyphRef | undefined;
}

function candidateDirs(): string[] {
  const dirs: string[] = [];
  const fromEnv = process.env[FONT_DIR_ENV];
  if (fromEnv) dirs.push(fromEnv);
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) dirs.push(path.join(resources, 'fonts'));
  dirs.push(path.resolve('assets', 'fonts'));
  try {
    dirs.push(fileURLToPath(new URL('../../assets/fonts', import.meta.url)));
  } catch {
    // Bundled as CommonJS without a file URL: the other candidates remain.
  }
  return dirs;
}

/** The folder with the receipt fonts: `TSONKH_FONT_DIR`, the packaged resources, or `assets/fonts`. */
export function fontDir(): string {
  const file = `noto-sans-latin-400-normal.woff`;
  const dir = candidateDirs().find((d) => existsSync(path.join(d, file)));
  if (!dir) throw new Error(`receipt fonts not found (looked for ${file} in ${candidateDirs().join(', ')})`);
  return dir;
}

const loaded = new Map<FontWeight, ReceiptFont>();

/** The bundled font in `weight`, read once per process. */
export function receiptFont(weight: FontWeight): ReceiptFont {
  const cached = loaded.get(weight);
  if (cached) return cached;
  const dir = fontDir();
  const faces: Face[] = SUBSETS.map((subset) => {
    const file = path.join(dir, `noto-sans-${subset}-${WEIGHT_FILE[weight]}-normal.woff`);
    const font = fontkit.create(readFileSync(file)) as fontkit.Font;
    return { font };
  });
  const unitsPerEm = faces[0]!.font.unitsPerEm;
  const byChar = new Map<string, GlyphRef | undefined>();
  const font: ReceiptFont = {
    weight,
    unitsPerEm,
    glyph(ch) {
      if (byChar.has(ch)) return byChar.get(ch);
      const cp = ch.codePointAt(0)!;
      const index = faces.findIndex((f) => f.font.hasGlyphForCodePoint(cp));
      const ref =
        index === -1
          ? undefined
          : {
              font: faces[index]!.font,
              glyph: faces[index]!.font.glyphForCodePoint(cp),
              key: `${weight}:${index}:${cp}`,
            };
      byChar.set(ch, ref);
      return ref;
    },
  };
  loaded.set(weight, font);
  return font;
}

const REPLACEMENTS: Record<string, string> = { '\u00a0': ' ', '\u2212': '-', '\u2011': '-' };

/**
 * `text` made drawable with the bundled font on one line: control and format characters
 * (which could otherwise hide in a title) removed, whitespace collapsed, accents dropped only
 * where the font lacks the accented letter, and `?` only where nothing else works.
 */
export function toRasterText(text: string, font: ReceiptFont = receiptFont('regular')): string {
  const out = [...text].map((ch) => {
    const replacement = REPLACEMENTS[ch];
    if (replacement !== undefined) return replacement;
    if (/\s/u.test(ch)) return ' ';
    if (/[\p{Cc}\p{Cf}]/u.test(ch)) return '';
    if (font.glyph(ch)) return ch;
    const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
    if (base !== '' && [...base].every((b) => font.glyph(b))) return base;
    return '?';
  });
  return out.join('').replace(/ {2,}/g, ' ').trim();
}

/** Characters of `text` the bundled font cannot draw (for tests and the technician). */
export function missingGlyphs(text: string, font: ReceiptFont = receiptFont('regular')): string[] {
  return [...new Set([...text].filter((ch) => ch !== ' ' && !font.glyph(ch)))];
}
