import { assertNever } from '../../src-shared/assert-never.js';
import { createBitmap, fillRect, packRows, rowIsBlank, type Bitmap } from './bitmap.js';
import {
  dotsFor,
  type Block,
  type PrintDocument,
  type RenderOptions,
  type TextStrategy,
  type TextStyle,
} from './document.js';
import { EscPosJob, feedDots, rasterBand, SIZE_MODE, type TextSize } from './escpos.js';
import { toRasterText } from './font.js';
import { encodeKz1048, toReceiptText } from './receipt-charset.js';
import { renderLine, wrapPixels, wrapWith, type RasterStyle } from './text-raster.js';

/** Raster text sizes in printer dots (203 dpi: 24 dots is about 3 mm, the size of font A). */
export const RASTER_STYLES: Record<TextStyle, RasterStyle> = {
  body: { sizePx: 24, weight: 'regular' },
  small: { sizePx: 20, weight: 'regular' },
  bold: { sizePx: 24, weight: 'bold' },
  title: { sizePx: 28, weight: 'bold' },
  huge: { sizePx: 48, weight: 'bold' },
};

/** Text-mode styles: character size and emphasis, as node-thermal-printer sets them. */
const TEXT_STYLES: Record<TextStyle, { size: TextSize; bold: boolean }> = {
  body: { size: 'normal', bold: false },
  small: { size: 'normal', bold: false },
  bold: { size: 'normal', bold: true },
  title: { size: 'doubleHeight', bold: true },
  huge: { size: 'quad', bold: true },
};

/** The resulting `ESC !` modes in text mode: emphasized (0x08), double height (0x10), double width (0x20). */
export const TEXT_MODES = Object.fromEntries(
  Object.entries(TEXT_STYLES).map(([style, { size, bold }]) => [style, SIZE_MODE[size] | (bold ? 0x08 : 0)]),
) as Record<TextStyle, number>;

/** Blank runs of at least this many dot rows are sent as a paper feed instead of white raster rows. */
const FEED_FROM_ROWS = 16;
/** Pending raster rows are sent once this many have gathered, so a long print never sits in memory whole. */
const FLUSH_ROWS = 512;

/** The text a block prints with `strategy`: what tests expect back from the bytes. */
export function printedText(value: string, strategy: TextStrategy): string {
  return strategy === 'raster' ? toRasterText(value) : toReceiptText(value);
}

/** The lines a text block is broken into with `strategy` on a roll `width` characters wide. */
export function wrapBlock(value: string, style: TextStyle, strategy: TextStrategy, width: 32 | 48): string[] {
  const clean = printedText(value, strategy);
  if (strategy === 'raster') return wrapPixels(clean, RASTER_STYLES[style], dotsFor(width));
  const columns = TEXT_MODES[style] & 0x20 ? width / 2 : width;
  return wrapWith(clean, columns, (s) => [...s].length);
}

interface Writer {
  text(block: Extract<Block, { kind: 'text' }>): void;
  rule(): void;
  space(): void;
  /** Sends whatever is pending, before a barcode or the cut. */
  flush(): void;
}

function rasterWriter(job: EscPosJob, options: RenderOptions): Writer {
  const dots = dotsFor(options.width);
  const bytesPerRow = dots / 8;
  let pending: Bitmap[] = [];
  let pendingRows = 0;

  /** Bands and feeds of one page, handed to the job in one piece (the library copies its buffer on every append). */
  function send(page: Bitmap): void {
    const out: Buffer[] = [];
    let y = 0;
    while (y < page.height) {
      let blank = 0;
      while (y + blank < page.height && rowIsBlank(page, y + blank)) blank++;
      if (blank >= FEED_FROM_ROWS || y + blank === page.height) {
        out.push(feedDots(blank));
        y += blank;
        continue;
      }
      // A band: up to bandRows rows, ending before a long blank run.
      let end = y;
      let blankRun = 0;
      while (end < page.height && end - y < options.bandRows) {
        blankRun = rowIsBlank(page, end) ? blankRun + 1 : 0;
        end++;
        if (blankRun >= FEED_FROM_ROWS) break;
      }
      if (blankRun >= FEED_FROM_ROWS) end -= blankRun;
      out.push(rasterBand(bytesPerRow, end - y, packRows(page, y, end)));
      y = end;
    }
    job.raw(Buffer.concat(out));
  }

  function flush(): void {
    if (pendingRows === 0) return;
    const page = createBitmap(dots, pendingRows);
    let y = 0;
    for (const part of pending) {
      page.data.set(part.data, y * dots);
      y += part.height;
    }
    pending = [];
    pendingRows = 0;
    send(page);
  }

  function add(part: Bitmap): void {
    pending.push(part);
    pendingRows += part.height;
    if (pendingRows >= FLUSH_ROWS) flush();
  }

  return {
    text(block) {
      const style = RASTER_STYLES[block.style];
      for (const line of wrapBlock(block.text, block.style, 'raster', options.width)) {
        add(renderLine(line, style, dots, block.align));
      }
    },
    rule() {
      const bar = createBitmap(dots, 12);
      fillRect(bar, 0, 5, dots, 2);
      add(bar);
    },
    space() {
      add(createBitmap(dots, 16));
    },
    flush,
  };
}

function kz1048Writer(job: EscPosJob, options: RenderOptions): Writer {
  job.codePageKz1048();
  return {
    text(block) {
      const { size, bold } = TEXT_STYLES[block.style];
      job.align(block.align);
      job.textStyle(size, bold);
      for (const line of wrapBlock(block.text, block.style, 'kz1048', options.width)) job.textLine(encodeKz1048(line));
      job.textStyle('normal', false);
      job.align('left');
    },
    rule() {
      job.rule();
    },
    space() {
      job.newLine();
    },
    flush() {},
  };
}

/**
 * Turns a document into the bytes of one job, written by a fresh node-thermal-printer instance
 * (see escpos.ts). Every job starts with `ESC @`, so nothing a previous job left set (code page,
 * bold, alignment) leaks into this one, and ends with a feed and a full cut. Barcodes and QR
 * codes use the printer's own commands in both strategies (ASCII payloads); text is either drawn
 * (raster) or sent as KZ-1048 bytes.
 */
export function renderDocument(document: PrintDocument, strategy: TextStrategy, options: RenderOptions): Buffer {
  const job = new EscPosJob(options.width);
  const writerFor = (s: TextStrategy) => (s === 'raster' ? rasterWriter(job, options) : kz1048Writer(job, options));
  let writer = writerFor(strategy);
  for (const block of document) {
    switch (block.kind) {
      case 'text':
        writer.text(block);
        break;
      case 'rule':
        writer.rule();
        break;
      case 'space':
        writer.space();
        break;
      case 'barcode':
        writer.flush();
        job.align('center');
        job.barcode(block.data, 2, 80);
        job.align('left');
        break;
      case 'qr':
        writer.flush();
        job.align('center');
        job.qr(block.data, options.width === 32 ? 5 : 6);
        job.align('left');
        break;
      case 'switch':
        writer.flush();
        writer = writerFor(block.text);
        break;
      default:
        assertNever(block, 'print block');
    }
  }
  writer.flush();
  return job.finish();
}
