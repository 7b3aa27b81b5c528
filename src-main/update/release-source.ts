import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { API_PREFIX, KIOSK_AUTH_HEADER } from '../../src-shared/protocol.js';
import { UpdateError } from './update-error.js';

/**
 * Where a release comes from: the central server (over a thin link) or a folder on a USB stick.
 * Either gives the signed manifest and each file by its SHA-256, from a byte offset on, so a cut
 * download continues where it stopped. Nothing a source gives is trusted: the updater verifies
 * the manifest's signature and every file's hash.
 */
export interface ReleaseSource {
  /** What the source is, for logs: `server` or `usb`. */
  readonly kind: 'server' | 'usb';
  signedRelease(): Promise<unknown>;
  /** The blob's bytes from `offset` on; `from` says where they really start (0 when the source ignored the offset). */
  openBlob(sha256: string, offset: number): Promise<{ from: number; body: AsyncIterable<Uint8Array> }>;
}

export interface HttpReleaseSourceOptions {
  /** The server's base URL (as the transport's). */
  baseUrl: string;
  /** From the offer: `/api/v1/releases/<version>/manifest`. */
  manifestPath: string;
  /** The kiosk's authorization header value (its token or its credential). */
  authorization: () => Promise<string>;
  /** A request that has given no byte for this long is given up (the link went silent). */
  idleTimeoutMs?: number;
  fetchImpl?: typeof fetch;
}

/** The largest signed manifest a kiosk takes (the schema allows 4 MB of manifest text). */
const MAX_MANIFEST_BYTES = 5 * 1024 * 1024;

/** Reads a response body, aborting when no bytes arrive for `idleMs`. */
async function* guarded(body: ReadableStream<Uint8Array>, controller: AbortController, idleMs: number) {
  const reader = body.getReader();
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<never>((_r, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new UpdateError('download_failed', `no bytes for ${idleMs} ms`));
        }, idleMs);
      });
      try {
        const { done, value } = await Promise.race([reader.read(), idle]);
        if (done) return;
        yield value;
      } finally {
        clearTimeout(timer);
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/** The server's release routes (src-server/routes/releases.ts), with the kiosk's authorization. */
export function createHttpReleaseSource(options: HttpReleaseSourceOptions): ReleaseSource {
  const base = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetchImpl ?? fetch;
  const idleMs = options.idleTimeoutMs ?? 30_000;

  async function get(url: string, headers: Record<string, string>) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), idleMs);
    try {
      const response = await fetchImpl(url, {
        headers: { [KIOSK_AUTH_HEADER]: await options.authorization(), ...headers },
        redirect: 'manual',
        signal: controller.signal,
      });
      return { response, controller };
    } catch (error) {
      throw new UpdateError('download_failed', 'the server cannot be reached', { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    kind: 'server',
    async signedRelease() {
      const { response, controller } = await get(`${base}${options.manifestPath}`, { accept: 'application/json' });
      if (response.status !== 200 || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        throw new UpdateError(
          response.status === 404 ? 'not_found' : 'download_failed',
          `the release manifest: answer ${response.status}`,
        );
      }
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      try {
        for await (const chunk of guarded(response.body, controller, idleMs)) {
          bytes += chunk.byteLength;
          if (bytes > MAX_MANIFEST_BYTES) throw new UpdateError('bad_manifest', 'the release manifest is too large');
          chunks.push(chunk);
        }
      } catch (error) {
        if (error instanceof UpdateError) throw error;
        throw new UpdateError('download_failed', 'the release manifest was cut off', { cause: error });
      }
      try {
        return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      } catch {
        throw new UpdateError('bad_manifest', 'the release manifest is not JSON');
      }
    },
    async openBlob(sha256, offset) {
      const headers: Record<string, string> = { 'accept-encoding': 'identity' };
      if (offset > 0) {
        headers.range = `bytes=${offset}-`;
        // Only continue the very same bytes; anything else comes whole.
        headers['if-range'] = `"${sha256}"`;
      }
      const url = `${base}${API_PREFIX}/releases/blobs/${sha256}`;
      const { response, controller } = await get(url, headers);
      let from: number;
      if (response.status === 206) {
        const m = /^bytes (\d+)-\d+\/\d+$/.exec(response.headers.get('content-range') ?? '');
        from = m ? Number(m[1]) : -1;
      } else if (response.status === 200) {
        from = 0;
      } else {
        await response.body?.cancel().catch(() => undefined);
        throw new UpdateError(
          response.status === 404 ? 'not_found' : 'download_failed',
          `file ${sha256.slice(0, 12)}: answer ${response.status}`,
        );
      }
      if (from < 0 || !response.body) throw new UpdateError('download_failed', 'the server sent no usable range');
      return { from, body: guarded(response.body, controller, idleMs) };
    },
  };
}

/** A release in a folder (`release.json` + `blobs/`), as `npm run release -- export` writes it to a stick. */
export function createFolderReleaseSource(dir: string): ReleaseSource {
  return {
    kind: 'usb',
    async signedRelease() {
      let text: string;
      try {
        text = await readFile(path.join(dir, 'release.json'), 'utf8');
      } catch (error) {
        throw new UpdateError('not_found', 'no release on the stick', { cause: error });
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new UpdateError('bad_manifest', 'the release on the stick is not JSON');
      }
    },
    async openBlob(sha256, offset) {
      const file = path.join(dir, 'blobs', sha256);
      const info = await stat(file).catch(() => null);
      if (!info) throw new UpdateError('not_found', `file ${sha256.slice(0, 12)} is not on the stick`);
      const from = offset <= info.size ? offset : 0;
      return { from, body: createReadStream(file, { start: from }) };
    },
  };
}
