import type { Block, PrintDocument } from '../../../../src-main/printer/document.js';
import { dotsFor } from '../../../../src-main/printer/document.js';
import { printedText, RASTER_STYLES, TEXT_MODES } from '../../../../src-main/printer/render.js';
import { lineHeight, measure, renderLine } from '../../../../src-main/printer/text-raster.js';
import type { DecodedJob, RasterPage } from '../../../support/escpos-decoder.js';

type TextBlock = Extract<Block, { kind: 'text' }>;

/** Geometry of the raster writer: a rule is 12 dot rows, a space 16. */
const RULE_ROWS = 12;
const SPACE_ROWS = 16;

function sameRows(page: RasterPage, top: number, line: { width: number; height: number; data: Uint8Array }): boolean {
  if (top + line.height > page.height || line.width !== page.width) return false;
  const start = top * page.width;
  for (let i = 0; i < line.data.length; i++) if (page.data[start + i] !== line.data[i]) return false;
  return true;
}

/** Candidate line texts: `text` cut at each word end (longest first), then at each character. */
function candidates(text: string): string[] {
  const out: string[] = [];
  for (let i = text.length; i > 0; i--) if (i === text.length || text[i] === ' ') out.push(text.slice(0, i));
  const chars = [...text];
  for (let n = chars.length - 1; n > 0; n--) out.push(chars.slice(0, n).join(''));
  return out;
}

/**
 * Reads raster text back from the printed picture, honestly: it does not use the layout's line
 * breaks. For each text block it takes the next line box of dot rows and finds which prefix of
 * the block's remaining text, drawn alone with the bundled font, gives exactly those dots
 * (trying whole words first). The recognised lines, joined, must give the block back; a missing,
 * cut or swapped word, a wrong glyph or a damaged band leaves dots no prefix explains.
 */
export function readRaster(job: DecodedJob, document: PrintDocument, rollWidth: 32 | 48): string[] {
  const page = job.page;
  let strategy: 'raster' | 'kz1048' = 'raster';
  const dots = dotsFor(rollWidth);
  if (page.width !== dots) throw new Error(`raster is ${page.width} dots wide, expected ${dots}`);
  const read: string[] = [];
  let y = 0;
  for (const block of document) {
    if (block.kind === 'switch') strategy = block.text;
    if (strategy !== 'raster') continue;
    if (block.kind === 'rule') {
      y += RULE_ROWS;
      continue;
    }
    if (block.kind === 'space') {
      y += SPACE_ROWS;
      continue;
    }
    if (block.kind !== 'text') continue;
    const style = RASTER_STYLES[block.style];
    let rest = printedText(block.text, 'raster');
    const lines: string[] = [];
    let got = '';
    while (rest !== '') {
      // Wider than the roll would be clipped at the edge and could pass for a shorter line: not a candidate.
      const match = candidates(rest).find(
        (c) => measure(c, style) <= dots && sameRows(page, y, renderLine(c, style, dots, block.align)),
      );
      if (match === undefined) {
        throw new Error(
          `no text explains the dots at row ${y} (block "${block.text}", read so far: ${lines.join(' | ')})`,
        );
      }
      lines.push(match);
      // A word wider than the roll is split without a space; elsewhere lines break at a space.
      const after = rest.slice(match.length);
      got += match + (after.startsWith(' ') ? ' ' : '');
      rest = after.trimStart();
      y += lineHeight(style);
    }
    read.push(got);
  }
  if (y !== page.height) throw new Error(`${page.height - y} raster rows left unexplained`);
  return read;
}

/**
 * Reads KZ-1048 text back: the decoded lines (by the active code page) are matched to the text
 * blocks in order; each block's lines, joined, must be the block, and no line may be longer
 * than the roll. Rules and spaces are skipped.
 */
export function readText(job: DecodedJob, document: PrintDocument, rollWidth: 32 | 48): string[] {
  let strategy: 'raster' | 'kz1048' = 'kz1048';
  const textBlocks = document.filter((b): b is TextBlock => {
    if (b.kind === 'switch') strategy = b.text;
    return b.kind === 'text' && strategy === 'kz1048';
  });
  const lines = job.lines.map((l) => l);
  let at = 0;
  const read: string[] = [];
  const skipBlank = () => {
    while (at < lines.length && (lines[at]!.text === '' || /^-+$/.test(lines[at]!.text))) at++;
  };
  for (const block of textBlocks) {
    skipBlank();
    const want = printedText(block.text, 'kz1048');
    const columns = TEXT_MODES[block.style] & 0x20 ? rollWidth / 2 : rollWidth;
    let got = '';
    while (got.length < want.length && at < lines.length) {
      const line = lines[at++]!;
      if ([...line.text].length > columns) throw new Error(`line longer than ${columns}: ${line.text}`);
      if (line.mode !== TEXT_MODES[block.style]) throw new Error(`line "${line.text}" in mode ${line.mode}`);
      // A word wider than the roll is split without a space; elsewhere lines break at a space.
      got = got === '' || want[got.length] !== ' ' ? got + line.text : `${got} ${line.text}`;
      if (!want.startsWith(got)) throw new Error(`expected "${want}", read "${got}"`);
    }
    read.push(got);
  }
  return read;
}

/** The text blocks of a document as printed with `strategy`. */
export function expectedTexts(document: PrintDocument, strategy: 'raster' | 'kz1048'): string[] {
  let current: 'raster' | 'kz1048' = strategy;
  return document
    .filter((b): b is TextBlock => {
      if (b.kind === 'switch') current = b.text;
      return b.kind === 'text' && current === strategy;
    })
    .map((b) => printedText(b.text, strategy));
}
