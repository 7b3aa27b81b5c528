/**
 * A 1-bit picture as thermal printers see it: one byte per pixel here (0 white, 1 black) for
 * simple drawing; packed to 8 pixels per byte only when it is sent.
 */
export interface Bitmap {
  width: number;
  height: number;
  data: Uint8Array;
}

export function createBitmap(width: number, height: number): Bitmap {
  return { width, height, data: new Uint8Array(width * height) };
}

/** Draws `src` onto `dst` with its top-left corner at (x, y); black wins, outside parts are clipped. */
export function blit(dst: Bitmap, src: Bitmap, x: number, y: number): void {
  for (let sy = 0; sy < src.height; sy++) {
    const dy = y + sy;
    if (dy < 0 || dy >= dst.height) continue;
    for (let sx = 0; sx < src.width; sx++) {
      const dx = x + sx;
      if (dx < 0 || dx >= dst.width) continue;
      if (src.data[sy * src.width + sx]) dst.data[dy * dst.width + dx] = 1;
    }
  }
}

export function fillRect(dst: Bitmap, x: number, y: number, width: number, height: number): void {
  for (let row = Math.max(0, y); row < Math.min(dst.height, y + height); row++) {
    dst.data.fill(1, row * dst.width + Math.max(0, x), row * dst.width + Math.min(dst.width, x + width));
  }
}

/** True when row `y` has no black pixel. */
export function rowIsBlank(bitmap: Bitmap, y: number): boolean {
  const start = y * bitmap.width;
  for (let i = start; i < start + bitmap.width; i++) if (bitmap.data[i]) return false;
  return true;
}

/** Rows `from`..`to` (exclusive) packed MSB-first, 8 pixels per byte, as `GS v 0` wants them. */
export function packRows(bitmap: Bitmap, from: number, to: number): Buffer {
  const bytesPerRow = Math.ceil(bitmap.width / 8);
  const out = Buffer.alloc(bytesPerRow * (to - from));
  for (let y = from; y < to; y++) {
    const row = y * bitmap.width;
    const base = (y - from) * bytesPerRow;
    for (let x = 0; x < bitmap.width; x++) {
      if (bitmap.data[row + x]) out[base + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return out;
}
