import { CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';

/**
 * The bytes of one print job, written by node-thermal-printer 4.6 (EPSON type). What is the
 * library's and what is ours, from reading its source (lib/core.js, lib/types/epson.js,
 * lib/types/epson-config.js):
 *
 * Library calls, whose bytes are exactly the Epson commands we want:
 * - `initHardware()` `ESC @` first in every job, so no mode or code page of an earlier (or
 *   half-sent) job reaches this one.
 * - `setCharacterSet(KZ1048_KAZAKHSTAN)` `ESC t 53`, once, where KZ-1048 text begins.
 * - `alignLeft()` / `alignCenter()` `ESC a 0/1`; `setTextNormal()` / `setTextDoubleHeight()` /
 *   `setTextQuadArea()` `ESC ! 0x00/0x10/0x30`; `bold()` `ESC E 1/0`.
 * - `newLine()` LF; `drawLine()` `width` × `-` and LF (the rule in text mode).
 * - `printBarcode(data, 73, …)` `GS H`, `GS f`, `GS w`, `GS h`, then `GS k 73 n {B data`:
 *   CODE128 in code set B. It writes `Buffer.from(data)` with `n = data.length + 2`, so data
 *   must be ASCII; `barcode()` checks that.
 * - `printQR(data, …)` `GS ( k` model 2, cell size, correction M, store, print. The store
 *   length is `str.length + 3` (characters, not bytes), so data must be ASCII; `qr()` checks.
 * - `cut({ verticalTabAmount: 1 })` `ESC d 4`, `GS V 0`, then `ESC @`: that trailing reset is
 *   why `cut()` ends the job and nothing follows it.
 * - `add(buffer)` appends bytes as they are (below), `getBuffer()` hands the job over.
 *
 * Raw bytes through `add()`, because the library cannot do them right:
 * - Raster text: `GS v 0` bands of at most `bandRows` rows and `ESC J n` dot feeds over blank
 *   runs. `printImageBuffer()` takes a PNG and sends it as one `GS v 0` of its full height (a
 *   cheap printer's input buffer overflows on a receipt), with `xH` always 0, and has no feed.
 * - KZ-1048 text: encoded by `receipt-charset.ts` (our table, checked against iconv-lite). The
 *   library's `print()` refolds our lines by its own character count, and its string `append()`
 *   silently emits `ESC t` for another code page at any character the active one lacks.
 * - `DLE EOT n` status queries: real-time, sent and answered on the transport around a job,
 *   never part of a job. The library's `getStatus()` appends `GS r 1` to the buffer instead.
 *
 * Never used: `execute()`, `raw()` and the library's interfaces (its file interface retries
 * for minutes and can print a stale job when a printer comes back, and `execute()` does not
 * clear the buffer). Our transports send `getBuffer()` once. One `ThermalPrinter` per job, so a
 * job's buffer can only hold that job.
 */
export const DLE = 0x10;
export const EOT = 0x04;
const ESC = 0x1b;
const GS = 0x1d;

/** Character size in text mode, as the library's calls name it. */
export type TextSize = 'normal' | 'doubleHeight' | 'quad';

/** The `ESC !` bits each size sets (0x10 double height, 0x20 double width). */
export const SIZE_MODE: Record<TextSize, number> = { normal: 0x00, doubleHeight: 0x10, quad: 0x30 };

/** `ESC J n`: feed n dots (several commands for more than 255). The library has no dot feed. */
export function feedDots(dots: number): Buffer {
  const parts: number[] = [];
  for (let left = dots; left > 0; left -= 255) parts.push(ESC, 0x4a, Math.min(255, left));
  return Buffer.from(parts);
}

/** `GS v 0`: one raster band, `bytesPerRow` × `rows`, data packed MSB first. */
export function rasterBand(bytesPerRow: number, rows: number, data: Buffer): Buffer {
  if (data.length !== bytesPerRow * rows) throw new Error('raster band data does not match its size');
  return Buffer.concat([
    Buffer.from([GS, 0x76, 0x30, 0, bytesPerRow & 0xff, bytesPerRow >> 8, rows & 0xff, rows >> 8]),
    data,
  ]);
}

/** `DLE EOT n`: real-time status. 1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor. */
export const statusQuery = (n: 1 | 2 | 3 | 4): Buffer => Buffer.from([DLE, EOT, n]);

type PrinterConfig = ConstructorParameters<typeof ThermalPrinter>[0];
/** `initHardware()` appends `HW_INIT` (`ESC @`): core.js has it (`cut()` calls it), the typings omit it. */
type LibraryPrinter = ThermalPrinter & { initHardware(): void };

/**
 * One job's bytes, built on a fresh `ThermalPrinter` (EPSON, no interface). It starts with
 * `ESC @`; `finish()` adds the feed and cut and returns the bytes, after which it is spent.
 */
export class EscPosJob {
  private readonly printer: LibraryPrinter;
  private done = false;

  constructor(width: 32 | 48) {
    // No `interface`: core.js builds one only `if (initConfig.interface)`, and we never call
    // `execute()`. The typings mark it required, hence the cast. No `characterSet` either: the
    // constructor (and `clear()`) would emit `ESC t` for it, and a raster job sends none.
    this.printer = new ThermalPrinter({ type: PrinterTypes.EPSON, width } as PrinterConfig) as LibraryPrinter;
    this.printer.initHardware();
  }

  private get open(): LibraryPrinter {
    if (this.done) throw new Error('this print job is finished');
    return this.printer;
  }

  /** `ESC t 53`: the KZ-1048 code page on Epson TM printers (Cyrillic with every Mongolian and Kazakh letter). */
  codePageKz1048(): void {
    this.open.setCharacterSet(CharacterSet.KZ1048_KAZAKHSTAN);
  }

  align(where: 'left' | 'center'): void {
    if (where === 'center') this.open.alignCenter();
    else this.open.alignLeft();
  }

  /** Character size (`ESC !`, which also clears emphasis on Epson) and then emphasis (`ESC E`). */
  textStyle(size: TextSize, bold: boolean): void {
    const printer = this.open;
    if (size === 'quad') printer.setTextQuadArea();
    else if (size === 'doubleHeight') printer.setTextDoubleHeight();
    else printer.setTextNormal();
    printer.bold(bold);
  }

  /** One line of text, already encoded in the active code page, and a line feed. */
  textLine(encoded: Buffer): void {
    this.open.add(encoded);
    this.open.newLine();
  }

  newLine(): void {
    this.open.newLine();
  }

  /** A full-width rule of `-` in text mode. */
  rule(): void {
    this.open.drawLine('-');
  }

  /** A CODE128 symbol (code set B) of ASCII `data`, no human-readable line: we print that ourselves. */
  barcode(data: string, moduleWidth: number, height: number): void {
    if (!/^[\x20-\x7e]+$/.test(data) || data.length > 250)
      throw new Error('CODE128 data must be short printable ASCII');
    this.open.printBarcode(data, 73, { hriPos: 0, hriFont: 0, width: moduleWidth, height });
  }

  /** A QR code (model 2, correction M) of ASCII `data`: the library counts characters, so ASCII keeps it honest. */
  qr(data: string, cellSize: number): void {
    if (!/^[\x21-\x7e]+$/.test(data) || data.length > 700) throw new Error('QR data must be printable ASCII');
    if (!Number.isInteger(cellSize) || cellSize < 1 || cellSize > 8) throw new Error('QR cell size must be 1 to 8');
    this.open.printQR(data, { model: 2, cellSize, correction: 'M' });
  }

  /** Bytes the library cannot write itself (raster bands, dot feeds, KZ-1048 text), appended as they are. */
  raw(bytes: Buffer): void {
    if (bytes.length > 0) this.open.add(bytes);
  }

  /** Feeds four lines, cuts (the library's `cut()` then resets the printer) and returns the job. */
  finish(): Buffer {
    const printer = this.open;
    printer.cut({ verticalTabAmount: 1 });
    this.done = true;
    return Buffer.from(printer.getBuffer());
  }
}
