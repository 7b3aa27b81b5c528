/**
 * What is printed, before it is turned into bytes: a list of blocks. Layouts (receipt, law
 * text, test page) build documents from data; a renderer (raster or KZ-1048 text) turns a
 * document into ESC/POS for one roll width. Tests compare decoded bytes with the document.
 */
export type TextStyle =
  /** Ordinary text. */
  | 'body'
  /** Web addresses and fine print. */
  | 'small'
  /** Headings and the title. */
  | 'bold'
  /** The kiosk's name and the page title. */
  | 'title'
  /** The tracking number. */
  | 'huge';

export type Block =
  | { kind: 'text'; text: string; style: TextStyle; align: 'left' | 'center' }
  | { kind: 'rule' }
  | { kind: 'space' }
  | { kind: 'barcode'; data: string }
  | { kind: 'qr'; data: string }
  /** Test page only: print the blocks inside with the other text strategy. */
  | { kind: 'switch'; text: 'raster' | 'kz1048' };

export type PrintDocument = Block[];

export type TextStrategy = 'raster' | 'kz1048';

export interface RenderOptions {
  /** Characters per line in the printer's font A: 32 (58 mm, 384 dots) or 48 (80 mm, 576 dots). */
  width: 32 | 48;
  /** Rows per `GS v 0` band in raster mode: small enough for a cheap printer's input buffer. */
  bandRows: number;
}

/** Dots across the printable width: 12 dots per font-A character. */
export function dotsFor(width: 32 | 48): number {
  return width * 12;
}

export const text = (value: string, style: TextStyle = 'body', align: 'left' | 'center' = 'left'): Block => ({
  kind: 'text',
  text: value,
  style,
  align,
});
