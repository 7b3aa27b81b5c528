import { blit, createBitmap, type Bitmap } from './bitmap.js';
import { receiptFont, type FontWeight } from './font.js';
import { rasterizeGlyph, type GlyphImage } from './rasterizer.js';

/** How a line of raster text looks: size in pixels (one em) and weight. */
export interface RasterStyle {
  sizePx: number;
  weight: FontWeight;
}

/**
 * Line box in ems. Noto Sans ink reaches 0.90 em above the baseline (Й, Ё, Ö) and 0.24 em below
 * (у, р), so these leave blank dot rows between lines: easy to read, and a test can find lines.
 */
const BASELINE_EM = 0.96;
const LINE_EM = 1.34;

export function lineHeight(style: RasterStyle): number {
  return Math.round(style.sizePx * LINE_EM);
}

const glyphCache = new Map<string, GlyphImage>();

function glyphImage(key: string, make: () => GlyphImage): GlyphImage {
  let image = glyphCache.get(key);
  if (!image) {
    image = make();
    glyphCache.set(key, image);
  }
  return image;
}

interface Placed {
  x: number;
  image: GlyphImage;
}

/**
 * Positions the glyphs of `text`: each glyph starts on a whole pixel, so a word looks the same
 * wherever it lands on the line (and a test can compare it with the same word drawn alone).
 * Kerning is not applied; receipt text is short and the gain would not show at 203 dpi.
 */
function place(text: string, style: RasterStyle): { glyphs: Placed[]; width: number } {
  const font = receiptFont(style.weight);
  const scale = style.sizePx / font.unitsPerEm;
  const glyphs: Placed[] = [];
  let pen = 0;
  for (const ch of text) {
    const ref = font.glyph(ch) ?? font.glyph('?')!;
    const x = Math.round(pen);
    const image = glyphImage(`${ref.key}@${style.sizePx}`, () =>
      rasterizeGlyph(ref.glyph, font.unitsPerEm, style.sizePx),
    );
    glyphs.push({ x, image });
    pen += ref.glyph.advanceWidth * scale;
  }
  return { glyphs, width: Math.round(pen) };
}

/** The width of `text` in pixels, as `renderLine` would draw it. */
export function measure(text: string, style: RasterStyle): number {
  return place(text, style).width;
}

/** One line of text as a bitmap `width` wide and one line box high, aligned left or centred. */
export function renderLine(text: string, style: RasterStyle, width: number, align: 'left' | 'center'): Bitmap {
  const { glyphs, width: textWidth } = place(text, style);
  const bitmap = createBitmap(width, lineHeight(style));
  const baseline = Math.round(style.sizePx * BASELINE_EM);
  const start = align === 'center' ? Math.max(0, Math.floor((width - textWidth) / 2)) : 0;
  for (const g of glyphs) blit(bitmap, g.image.bitmap, start + g.x + g.image.left, baseline + g.image.top);
  return bitmap;
}

/**
 * Breaks `text` into lines no wider than `maxWidth` pixels: at spaces, keeping every word
 * whole; only a single word wider than the roll (a long web address) is split, at the last
 * character that fits. Nothing is dropped: joining the lines with spaces gives `text` back.
 */
export function wrapPixels(text: string, style: RasterStyle, maxWidth: number): string[] {
  return wrapWith(text, maxWidth, (s) => measure(s, style));
}

/** The same rule for any measure (characters on a text-mode printer, pixels in raster). */
export function wrapWith(text: string, max: number, width: (s: string) => number): string[] {
  const words = text.split(' ').filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (let word of words) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (width(candidate) <= max) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    while (width(word) > max) {
      const chars = [...word];
      let n = chars.length - 1;
      while (n > 1 && width(chars.slice(0, n).join('')) > max) n--;
      lines.push(chars.slice(0, n).join(''));
      word = chars.slice(n).join('');
    }
    line = word;
  }
  if (line !== '') lines.push(line);
  return lines;
}
