// Bytes on the wire for content sync: a full sync against the brotli size of the same content as
// one JSON document, the bytes one article edit costs, and what a cut link makes the kiosk resend.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { DEMO_CONTENT_DIR } from '../../src-server/content/demo-seed.js';
import { loadContentFolder } from '../../src-server/content/content-folder.js';
import { publishContentFolder } from '../../src-server/content/publish.js';
import { createTestServer, DEMO_PUBLIC_KEY } from '../unit/server/helpers.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { createNodeKiosk } from '../support/node-kiosk.js';
import { contentCursor } from '../../src-renderer/data/content-repo.js';
import { report } from './support/report.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'tsonkh-bench-content-'));
await cp(DEMO_CONTENT_DIR, dir, { recursive: true });
const server = await createTestServer({ contentDir: dir });
await server.app.listen({ port: 0, host: '127.0.0.1' });
const port = (server.app.server.address() as { port: number }).port;
const proxy = await startFaultProxy({ host: '127.0.0.1', port });
const kiosks: { close(): Promise<void> }[] = [];
const newKiosk = (opts: { maxPageBytes?: number } = {}) => {
  const k = createNodeKiosk({ serverUrl: proxy.url, contentPublicKey: DEMO_PUBLIC_KEY, ...opts });
  kiosks.push(k);
  return k;
};

try {
  // Baseline: everything the server publishes, as one JSON document, at brotli's best.
  const rows = await server.db
    .selectFrom('content_current')
    .select(['type', 'entity_id', 'data'])
    .orderBy('seq')
    .execute();
  const document = JSON.stringify(rows.map((r) => ({ type: r.type, id: r.entity_id, data: JSON.parse(r.data) })));
  const baseline = brotliCompressSync(Buffer.from(document), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: document.length },
  }).length;

  // 1. A full sync on a clean link (warms the server's page cache; a second kiosk is measured).
  await newKiosk().sync.syncNow();
  proxy.resetStats();
  const full = newKiosk();
  await full.sync.syncNow();
  const fullBytes = proxy.stats.down + proxy.stats.up;
  report('content-sync', 'entities', rows.length);
  report('content-sync', 'json_bytes', document.length);
  report('content-sync', 'brotli_document_bytes', baseline);
  report('content-sync', 'full_sync_wire_bytes', fullBytes);
  report('content-sync', 'full_ratio', fullBytes / baseline, '<=1.10');

  // 2. One article edited and published: what the next sync costs.
  const file = path.join(dir, 'laws/petitions-law/text.md');
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.replace(/^(12\.1\.)(.*)$/m, '$1$2 Энэ өгүүлбэрийг засварласан.'));
  await publishContentFolder(server.db, await loadContentFolder(dir));
  proxy.resetStats();
  await full.sync.syncNow();
  report('content-sync', 'delta_bytes', proxy.stats.down + proxy.stats.up, '<=4096');

  // 3. Kiosks with 64 KB pages (several pages): one synced cleanly, one whose link is cut
  //    three quarters of the way through and which then resumes from its cursor.
  const small = { maxPageBytes: 64 * 1024 };
  const clean = newKiosk(small);
  proxy.resetStats();
  await clean.sync.syncNow();
  const cleanBytes = proxy.stats.down + proxy.stats.up;
  const cut = newKiosk(small);
  proxy.resetStats();
  proxy.cutOnceAfter(Math.floor(proxy.stats.down + cleanBytes * 0.75));
  await cut.sync.syncNow();
  const cutAttempt = proxy.stats.down + proxy.stats.up;
  proxy.resetStats();
  await cut.sync.syncNow();
  const resumed = proxy.stats.down + proxy.stats.up;
  if ((await contentCursor(cut.db)) !== (await contentCursor(clean.db)))
    throw new Error('the cut kiosk did not converge');
  const pages = Math.ceil(document.length / small.maxPageBytes);
  const onePage = Math.ceil(cleanBytes / pages);
  report('content-sync', 'small_page_sync_bytes', cleanBytes);
  report('content-sync', 'page_wire_bytes', onePage);
  report('content-sync', 'cut_attempt_bytes', cutAttempt);
  report('content-sync', 'resumed_bytes', resumed);
  report('content-sync', 'resent_bytes_after_cut', Math.max(0, cutAttempt + resumed - cleanBytes), `<=${onePage}`);
} finally {
  for (const k of kiosks) await k.close();
  await proxy.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
