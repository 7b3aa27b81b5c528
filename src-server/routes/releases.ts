import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RELEASE_VERSION_PATTERN } from '../../src-shared/schemas/release.js';
import type { Database } from '../db/database.js';
import { sendError } from '../http/error-replies.js';
import { requireKiosk } from '../http/kiosk-auth.js';
import { blobPath } from '../releases/release-files.js';
import { signedRelease } from '../releases/release-store.js';

const SHA256 = /^[0-9a-f]{64}$/;
/** A blob never changes under its hash: caches may keep it for a year without asking again. */
const IMMUTABLE = 'private, max-age=31536000, immutable';

/**
 * The kiosk release routes (issue 18), behind kiosk authentication:
 *
 * - `GET /releases/:version/manifest`: the signed manifest (src-shared/schemas/release.ts) of a
 *   release this kiosk may have: a promoted one, or a pilot one for a pilot kiosk.
 * - `GET /releases/blobs/:sha256`: one file of a release by its hash, with HTTP Range (a single
 *   range: 206 with Content-Range; 416 past the end), a strong ETag (the hash itself) and
 *   If-Range, so a kiosk on a cut link continues where it stopped and never splices two different
 *   files. Never compressed on the fly: ranges count the stored bytes.
 */
export function registerReleaseRoutes(app: FastifyInstance, { db, blobDir }: { db: Database; blobDir: string | null }) {
  app.get<{ Params: { version: string } }>('/releases/:version/manifest', async (request, reply) => {
    const { version } = request.params;
    if (!RELEASE_VERSION_PATTERN.test(version)) return sendError(reply, 404, 'not_found', 'No such release');
    const kiosk = requireKiosk(request);
    const row = await db
      .selectFrom('releases')
      .select(['channel'])
      .where('version', '=', version)
      .where((eb) =>
        eb.or([
          eb('channel', '=', 'all'),
          eb.exists(eb.selectFrom('release_pilots').select('kiosk_code').where('kiosk_code', '=', kiosk.kioskCode)),
        ]),
      )
      .executeTakeFirst();
    const signed = row ? await signedRelease(db, version) : null;
    if (!signed) return sendError(reply, 404, 'not_found', 'No such release for this kiosk');
    return reply.header('cache-control', 'no-store').send(signed);
  });

  app.get<{ Params: { sha256: string } }>('/releases/blobs/:sha256', { compress: false }, async (request, reply) =>
    sendBlob(request, reply, blobDir),
  );
}

async function sendBlob(
  request: FastifyRequest<{ Params: { sha256: string } }>,
  reply: FastifyReply,
  blobDir: string | null,
): Promise<FastifyReply> {
  const { sha256 } = request.params;
  if (blobDir === null || !SHA256.test(sha256)) return sendError(reply, 404, 'not_found', 'No such blob');
  const file = blobPath(blobDir, sha256);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return sendError(reply, 404, 'not_found', 'No such blob');
  const size = info.size;
  const etag = `"${sha256}"`;
  reply.header('etag', etag).header('cache-control', IMMUTABLE).header('accept-ranges', 'bytes');
  reply.header('content-type', 'application/octet-stream');
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((t) => t.trim() === etag)) {
    return reply.code(304).send();
  }
  const rangeHeader = request.headers.range;
  const ifRange = request.headers['if-range'];
  // If-Range with another validator (or a date: blobs carry none) means "the whole thing".
  const honourRange = rangeHeader !== undefined && (ifRange === undefined || ifRange === etag);
  if (honourRange) {
    const range = parseRange(rangeHeader, size);
    if (range === 'unsatisfiable') {
      return reply
        .code(416)
        .header('content-range', `bytes */${size}`)
        .header('content-type', 'application/json; charset=utf-8')
        .send({ error: { code: 'range_not_satisfiable', message: 'The range is past the end of the blob' } });
    }
    if (range !== null) {
      const [start, end] = range;
      reply
        .code(206)
        .header('content-range', `bytes ${start}-${end}/${size}`)
        .header('content-length', end - start + 1);
      if (request.method === 'HEAD') return reply.send();
      return reply.send(createReadStream(file, { start, end }));
    }
  }
  reply.header('content-length', size);
  if (request.method === 'HEAD') return reply.send();
  return reply.send(createReadStream(file));
}

/**
 * One `bytes=` range (`a-b`, `a-`, `-n`), clamped to the size; null: not one we serve (several
 * ranges or another unit), answered with the whole blob as RFC 9110 allows.
 */
export function parseRange(header: string, size: number): [number, number] | 'unsatisfiable' | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return null;
  }
  if (start >= size) return 'unsatisfiable';
  return [start, end];
}
