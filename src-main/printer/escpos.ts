/**
 * The ESC/POS commands Tsonkh sends, written out byte by byte: few enough to read against
 * the Epson reference, and free of node-thermal-printer's surprises (its `cut()` ends with
 * `ESC @`, which resets the code page while it still believes the old one is active).
 */
export const ESC = 0x1b;
export const GS = 0x1d;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

/** `ESC @`: forget every mode a previous job (or a half-sent one) left behind. */
export const INIT = Buffer.from([ESC, 0x40]);
/** `ESC t 53`: the KZ-1048 code page on Epson TM printers (Cyrillic with every Mongolian and Kazakh letter). */
export const CODE_PAGE_KZ1048 = Buffer.from([ESC, 0x74, 53]);
export const KZ1048_PAGE = 53;

export const align = (where: 'left' | 'center'): Buffer => Buffer.from([ESC, 0x61, where === 'center' ? 1 : 0]);
export const bold = (on: boolean): Buffer => Buffer.from([ESC, 0x45, on ? 1 : 0]);
/** `ESC ! n`: 0 normal, 0x10 double height, 0x30 double width and height. */
export const printMode = (n: number): Buffer => Buffer.from([ESC, 0x21, n]);
/** `ESC J n`: feed n dots (several commands for more than 255). */
export function feedDots(dots: number): Buffer {
  const parts: number[] = [];
  for (let left = dots; left > 0; left -= 255) parts.push(ESC, 0x4a, Math.min(255, left));
  return Buffer.from(parts);
}
/** `ESC d n`: feed n lines. */
export const feedLines = (n: number): Buffer => Buffer.from([ESC, 0x64, n]);
/** `GS V 0`: full cut. */
export const CUT = Buffer.from([GS, 0x56, 0x00]);

/** `GS v 0`: one raster band, `bytesPerRow` × `rows`, data packed MSB first. */
export function rasterBand(bytesPerRow: number, rows: number, data: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from([GS, 0x76, 0x30, 0, bytesPerRow & 0xff, bytesPerRow >> 8, rows & 0xff, rows >> 8]),
    data,
  ]);
}

/** A CODE128 symbol (code set B) of ASCII `data`, no human-readable line: we print that ourselves. */
export function code128(data: string, moduleWidth: number, height: number): Buffer {
  if (!/^[\x20-\x7e]+$/.test(data) || data.length > 250) throw new Error('CODE128 data must be short printable ASCII');
  return Buffer.concat([
    Buffer.from([GS, 0x48, 0, GS, 0x66, 0, GS, 0x77, moduleWidth, GS, 0x68, height]),
    Buffer.from([GS, 0x6b, 73, data.length + 2, 0x7b, 0x42]),
    Buffer.from(data, 'ascii'),
  ]);
}

/** A QR code (model 2, correction M) of ASCII `data`: the length fields count bytes, so ASCII keeps them honest. */
export function qrCode(data: string, cellSize: number): Buffer {
  if (!/^[\x21-\x7e]+$/.test(data) || data.length > 700) throw new Error('QR data must be printable ASCII');
  const stored = data.length + 3;
  return Buffer.concat([
    Buffer.from([GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 50, 0]),
    Buffer.from([GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, cellSize]),
    Buffer.from([GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 49]),
    Buffer.from([GS, 0x28, 0x6b, stored & 0xff, stored >> 8, 0x31, 0x50, 0x30]),
    Buffer.from(data, 'ascii'),
    Buffer.from([GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30]),
  ]);
}

/** `DLE EOT n`: real-time status. 1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor. */
export const statusQuery = (n: 1 | 2 | 3 | 4): Buffer => Buffer.from([DLE, EOT, n]);
