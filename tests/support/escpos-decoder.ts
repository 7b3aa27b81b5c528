import iconv from 'iconv-lite';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';

/**
 * A small ESC/POS decoder for tests: it walks the bytes a printer would receive, command by
 * command, and gives back what would come out on paper: text lines (decoded by the active code
 * page with iconv-lite's tables, independent of the host's own KZ-1048 table), the raster
 * picture (bands and dot feeds, row for row), barcodes, QR codes and cuts. Any byte it does
 * not understand is an error, so a stray command cannot hide in a receipt.
 */

export interface TextLine {
  text: string;
  codePage: number;
  /** `ESC !` mode when the line was printed (0x08 bold, 0x10 double height, 0x20 double width). */
  mode: number;
  align: number;
}

export type PaperItem =
  | { kind: 'text'; line: TextLine }
  /** Rows `from`..`to` of `page` came from raster bands and feeds here. */
  | { kind: 'raster'; from: number; to: number }
  | { kind: 'barcode'; data: string }
  | { kind: 'qr'; data: string; cellSize: number }
  | { kind: 'cut' };

export interface RasterPage {
  width: number;
  height: number;
  /** One byte per dot: 1 black. */
  data: Uint8Array;
}

export interface DecodedJob {
  items: PaperItem[];
  lines: TextLine[];
  page: RasterPage;
  /** Every `ESC t n` in order. */
  codePages: number[];
  inits: number;
  cuts: number;
  bands: { rows: number; bytesPerRow: number }[];
  statusQueries: number[];
  /** NUL bytes where a command could start: no-ops to a printer (sent after a failed job). */
  nuls: number;
}

/** Code pages by `ESC t` number (Epson numbering). */
const CODE_PAGES: Record<number, string> = { 0: 'cp437', 17: 'cp866', 46: 'windows1251', 53: 'RK1048' };

/**
 * Length of the command starting at `at`, or `undefined` when the buffer ends inside it (more
 * bytes are needed). Plain text bytes count as one. Throws on a command this project never sends.
 */
export function commandLength(bytes: Uint8Array, at: number): number | undefined {
  const need = (n: number) => (at + n <= bytes.length ? n : undefined);
  const b = bytes[at]!;
  if (b === 0x1b) {
    if (at + 1 >= bytes.length) return undefined;
    const c = bytes[at + 1]!;
    if (c === 0x40) return need(2);
    if ([0x74, 0x61, 0x45, 0x21, 0x64, 0x4a].includes(c)) return need(3);
    throw new Error(`unknown ESC command 0x${c.toString(16)} at ${at}`);
  }
  if (b === 0x1d) {
    if (at + 1 >= bytes.length) return undefined;
    const c = bytes[at + 1]!;
    if ([0x48, 0x66, 0x77, 0x68].includes(c)) return need(3);
    if (c === 0x56) {
      if (at + 2 >= bytes.length) return undefined;
      return need(bytes[at + 2]! >= 0x41 ? 4 : 3);
    }
    if (c === 0x76) {
      if (at + 8 > bytes.length) return undefined;
      const x = bytes[at + 4]! + bytes[at + 5]! * 256;
      const y = bytes[at + 6]! + bytes[at + 7]! * 256;
      return need(8 + x * y);
    }
    if (c === 0x6b) {
      if (at + 4 > bytes.length) return undefined;
      return need(4 + bytes[at + 3]!);
    }
    if (c === 0x28) {
      if (at + 5 > bytes.length) return undefined;
      return need(5 + bytes[at + 3]! + bytes[at + 4]! * 256);
    }
    throw new Error(`unknown GS command 0x${c.toString(16)} at ${at}`);
  }
  if (b === 0x10) {
    if (at + 3 > bytes.length) return undefined;
    if (bytes[at + 1] !== 0x04) throw new Error(`unknown DLE command at ${at}`);
    return 3;
  }
  if (b === 0x00) return 1;
  if (b < 0x20 && b !== 0x0a) throw new Error(`unexpected control byte 0x${b.toString(16)} at ${at}`);
  return 1;
}

export function decodeEscPos(input: Uint8Array): DecodedJob {
  const bytes = Buffer.from(input);
  const job: DecodedJob = {
    items: [],
    lines: [],
    page: { width: 0, height: 0, data: new Uint8Array(0) },
    codePages: [],
    inits: 0,
    cuts: 0,
    bands: [],
    statusQueries: [],
    nuls: 0,
  };
  const rows: Uint8Array[] = [];
  let width = 0;
  let codePage = 0;
  let mode = 0;
  let align = 0;
  let text: number[] = [];
  let qrData = '';
  let qrCell = 3;

  const addRows = (newRows: Uint8Array[]) => {
    const last = job.items.at(-1);
    const from = rows.length;
    rows.push(...newRows);
    if (last?.kind === 'raster' && last.to === from) last.to = rows.length;
    else job.items.push({ kind: 'raster', from, to: rows.length });
  };
  const endLine = () => {
    const name = CODE_PAGES[codePage];
    if (!name) throw new Error(`text in code page ${codePage}, which this decoder does not know`);
    const line = { text: iconv.decode(Buffer.from(text), name), codePage, mode, align };
    job.lines.push(line);
    job.items.push({ kind: 'text', line });
    text = [];
  };

  for (let at = 0; at < bytes.length;) {
    const length = commandLength(bytes, at);
    if (length === undefined) throw new Error(`job ends inside a command at ${at}`);
    const b = bytes[at]!;
    const c = bytes[at + 1]!;
    const n = bytes[at + 2]!;
    if (b === 0x1b) {
      if (c === 0x40) {
        job.inits++;
        codePage = 0;
        mode = 0;
        align = 0;
      } else if (c === 0x74) {
        codePage = n;
        job.codePages.push(n);
      } else if (c === 0x21) mode = n;
      else if (c === 0x45) mode = n ? mode | 0x08 : mode & ~0x08;
      else if (c === 0x61) align = n;
      else if (c === 0x4a) {
        width ||= 576;
        addRows(Array.from({ length: n }, () => new Uint8Array(width)));
      } else if (c === 0x64) for (let i = 0; i < n; i++) endLine();
    } else if (b === 0x1d) {
      if (c === 0x76) {
        const bytesPerRow = bytes[at + 4]! + bytes[at + 5]! * 256;
        const count = bytes[at + 6]! + bytes[at + 7]! * 256;
        if (width && width !== bytesPerRow * 8) throw new Error('raster bands of different widths');
        width = bytesPerRow * 8;
        job.bands.push({ rows: count, bytesPerRow });
        const data = bytes.subarray(at + 8, at + length);
        const band: Uint8Array[] = [];
        for (let y = 0; y < count; y++) {
          const row = new Uint8Array(width);
          for (let x = 0; x < width; x++) row[x] = (data[y * bytesPerRow + (x >> 3)]! >> (7 - (x & 7))) & 1;
          band.push(row);
        }
        addRows(band);
      } else if (c === 0x6b) {
        if (n !== 73) throw new Error(`barcode type ${n}`);
        const data = bytes.subarray(at + 4, at + length).toString('latin1');
        if (!data.startsWith('{B')) throw new Error('CODE128 without code set B');
        job.items.push({ kind: 'barcode', data: data.slice(2) });
      } else if (c === 0x28) {
        // `GS ( k`, QR code functions only (cn 0x31): model, cell size, correction, store, print.
        if (n !== 0x6b || bytes[at + 5] !== 0x31) throw new Error(`unknown GS ( command at ${at}`);
        const fn = bytes[at + 6];
        const arg = bytes[at + 7];
        if (fn === 0x41) {
          if (arg !== 0x32) throw new Error(`QR model ${arg} (only model 2 is drawn)`);
        } else if (fn === 0x43) qrCell = arg!;
        else if (fn === 0x45) {
          if (arg !== 0x31) throw new Error(`QR correction ${arg} (only M is drawn)`);
        } else if (fn === 0x50) qrData = bytes.subarray(at + 8, at + length).toString('latin1');
        else if (fn === 0x51) job.items.push({ kind: 'qr', data: qrData, cellSize: qrCell });
        else throw new Error(`unknown QR function 0x${fn?.toString(16)} at ${at}`);
      } else if (c === 0x56) {
        job.cuts++;
        job.items.push({ kind: 'cut' });
      }
    } else if (b === 0x10) {
      job.statusQueries.push(n);
    } else if (b === 0x0a) {
      endLine();
    } else if (b === 0x00) {
      job.nuls++;
    } else {
      text.push(b);
    }
    at += length;
  }
  if (text.length > 0) endLine();
  const page = new Uint8Array(width * rows.length);
  rows.forEach((row, y) => page.set(row.length === width ? row : new Uint8Array(width), y * width));
  job.page = { width, height: rows.length, data: page };
  return job;
}

/**
 * The paper as a picture for a person to look at: raster rows as printed, QR codes drawn (with
 * the `qrcode` package) and barcodes as a striped box, text-mode lines as a grey bar.
 */
export function paperPng(job: DecodedJob): Buffer {
  const width = job.page.width || 576;
  const rows: Uint8Array[] = [];
  const blank = (n: number) => {
    for (let i = 0; i < n; i++) rows.push(new Uint8Array(width));
  };
  for (const item of job.items) {
    if (item.kind === 'raster') {
      for (let y = item.from; y < item.to; y++) rows.push(job.page.data.slice(y * width, (y + 1) * width));
    } else if (item.kind === 'qr') {
      const qr = QRCode.create(item.data, { errorCorrectionLevel: 'M' });
      const size = qr.modules.size;
      const cell = item.cellSize;
      const left = Math.floor((width - size * cell) / 2);
      for (let y = 0; y < size * cell; y++) {
        const row = new Uint8Array(width);
        for (let x = 0; x < size * cell; x++)
          row[left + x] = qr.modules.get(Math.floor(y / cell), Math.floor(x / cell)) ? 1 : 0;
        rows.push(row);
      }
      blank(8);
    } else if (item.kind === 'barcode') {
      const bars = (item.data.length + 3) * 11 + 2;
      const left = Math.floor((width - bars * 2) / 2);
      for (let y = 0; y < 80; y++) {
        const row = new Uint8Array(width);
        for (let x = 0; x < bars * 2; x++) row[left + x] = (x >> 1) % 3 === 0 ? 1 : 0;
        rows.push(row);
      }
      blank(8);
    } else if (item.kind === 'text') {
      const row = new Uint8Array(width);
      for (let x = 0; x < Math.min(width, item.line.text.length * 12); x += 2) row[x] = 1;
      rows.push(row);
      blank(23);
    } else if (item.kind === 'cut') {
      blank(24);
    }
  }
  const png = new PNG({ width, height: Math.max(1, rows.length) });
  rows.forEach((row, y) => {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const v = row[x] ? 0 : 255;
      png.data[o] = v;
      png.data[o + 1] = v;
      png.data[o + 2] = v;
      png.data[o + 3] = 255;
    }
  });
  return PNG.sync.write(png);
}
