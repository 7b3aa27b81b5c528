import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { ContentEncoding } from '../http/accept-encoding.js';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Brotli quality for content pages. A page is compressed once and then served from the cache
 * to every kiosk at that cursor, so a slower, tighter setting pays off. Measured on the demo
 * content (323 KB of JSON in two 256 KB pages): quality 9 → 50.1 KB in 31 ms, 10 → 46.2 KB in
 * 128 ms, 11 → 45.7 KB in 359 ms; gzip 9 → 56.7 KB in 7 ms. See src-server/README.md.
 */
export const BROTLI_QUALITY = 10;
/** For responses compressed per request by @fastify/compress (not cached): cheap but still better than gzip. */
export const DYNAMIC_BROTLI_QUALITY = 5;
export const GZIP_LEVEL = 9;

export async function compressBody(
  json: Buffer,
  encoding: ContentEncoding,
  brotliQuality = BROTLI_QUALITY,
): Promise<Buffer> {
  switch (encoding) {
    case 'identity':
      return json;
    case 'gzip':
      return gzip(json, { level: GZIP_LEVEL });
    case 'br':
      return brotli(json, {
        params: {
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
          [zlib.constants.BROTLI_PARAM_QUALITY]: brotliQuality,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: json.length,
        },
      });
  }
}

/** One signed page as JSON bytes, with each encoding made at most once. */
export class CachedBody {
  private readonly encoded = new Map<ContentEncoding, Promise<Buffer>>();
  constructor(
    readonly json: Buffer,
    private readonly brotliQuality = BROTLI_QUALITY,
  ) {}

  body(encoding: ContentEncoding): Promise<Buffer> {
    let body = this.encoded.get(encoding);
    if (!body) {
      body = compressBody(this.json, encoding, this.brotliQuality);
      this.encoded.set(encoding, body);
      body.catch(() => this.encoded.delete(encoding));
    }
    return body;
  }
}

/**
 * A small LRU of signed pages by (after, limit, maxBytes, latest seq). The change log only grows,
 * so a page for a given newest seq never changes: a fleet of kiosks at the same cursor (after a
 * publish, every kiosk asks for the same page) costs one read, one signature and one compression
 * per encoding. Builds in flight are shared, so simultaneous requests do the work once.
 */
export class SignedPageCache {
  private readonly entries = new Map<string, Promise<CachedBody>>();
  private readonly sizes = new Map<string, number>();
  private bytes = 0;

  constructor(
    readonly maxEntries = 64,
    /** JSON bytes held (compressed copies are smaller and not counted). */
    readonly maxBytes = 32 * 1024 * 1024,
    /** Brotli quality of the cached pages' compressed copies. */
    readonly brotliQuality = BROTLI_QUALITY,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  async get(key: string, build: () => Promise<Buffer>): Promise<CachedBody> {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const entry = build().then((json) => new CachedBody(json, this.brotliQuality));
    this.entries.set(key, entry);
    try {
      const body = await entry;
      if (this.entries.get(key) === entry) {
        this.sizes.set(key, body.json.length);
        this.bytes += body.json.length;
        this.evict();
      }
      return body;
    } catch (err) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw err;
    }
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) return;
      if (!this.sizes.has(key)) continue; // still building
      this.bytes -= this.sizes.get(key)!;
      this.sizes.delete(key);
      this.entries.delete(key);
    }
  }
}
