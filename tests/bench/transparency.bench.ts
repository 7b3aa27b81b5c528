// Bytes a kiosk downloads for its aimag's open data (issue 19): the full set for Bayan-Ölgii (with
// the nation's summary), and a week of changes, against the brotli size of the same records as one
// JSON document (the content-sync bench's idea). Pulled through the fault proxy on a clean link,
// with the kiosk's own page size and `accept-encoding: br`.
// contract_search_p95_ms: the kiosk's contract search (src-renderer/core/open-data/contracts.ts)
// over the aimag's contracts as synced, one search per keystroke of queries typed letter by letter
// (Cyrillic and Latin, titles, buyers, suppliers); contract_index_ms: folding them once, when the
// screen opens. Run in Node's V8, the engine of the kiosk's Chromium.
// Then the time to open the licence map with every licence of the aimag drawn (the kiosk's real
// screen over a real Dexie database, in Debian's Chromium at 1080×1920).
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import type { Contract, OpenDataset } from '../../src-shared/schemas/open-data.js';
import { seedDemoOpenData } from '../../src-server/open-data/demo-open-data.js';
import { importAccountPayments, importCrimeCounts } from '../../src-server/open-data/csv-datasets.js';
import { publishOpenData } from '../../src-server/open-data/open-data-store.js';
import { csvField } from '../../src-server/util/csv.js';
import { authHeaders, createTestServer } from '../unit/server/helpers.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { indexContracts, searchContracts } from '../../src-renderer/core/open-data/contracts.js';
import { placeSchema } from '../../src-shared/schemas/content.js';
import { buildBenchPage, launchChromium, REPO_ROOT, serveFolder } from './support/bench-page.js';
import { percentile, report } from './support/report.js';

const AIMAG = '83';
const PAGE_BYTES = Number(process.env.PAGE_BYTES ?? 4 * 1024 * 1024);

const server = await createTestServer();
await seedDemoOpenData(server.db);
await server.app.listen({ port: 0, host: '127.0.0.1' });
const port = (server.app.server.address() as { port: number }).port;
const proxy = await startFaultProxy({ host: '127.0.0.1', port });

function get(path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, proxy.url);
    const req = request(url, { headers: { ...authHeaders(), 'accept-encoding': 'br' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Pulls every page after `after`; returns the wire bytes (both ways) and the new cursor. */
async function pull(after: number): Promise<{ bytes: number; cursor: number; changes: number }> {
  proxy.resetStats();
  let cursor = after;
  let changes = 0;
  for (;;) {
    const raw = await get(
      `/api/v1/open-data/changes?aimags=${AIMAG}&after=${cursor}&limit=5000&maxBytes=${PAGE_BYTES}`,
    );
    const { brotliDecompressSync } = await import('node:zlib');
    const page = (
      JSON.parse(brotliDecompressSync(raw).toString('utf8')) as {
        page: { next: number; more: boolean; changes: unknown[] };
      }
    ).page;
    changes += page.changes.length;
    cursor = page.next;
    if (!page.more) break;
  }
  return { bytes: proxy.stats.down + proxy.stats.up, cursor, changes };
}

try {
  const rows = await server.db
    .selectFrom('open_data_records')
    .select(['dataset', 'id', 'data'])
    .where('aimag', 'in', [AIMAG, '00'])
    .orderBy('seq')
    .execute();
  const document = JSON.stringify(
    rows.map((r) => ({ type: r.dataset, id: r.id, data: JSON.parse(r.data ?? 'null') as unknown })),
  );
  const baseline = brotliCompressSync(Buffer.from(document), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: document.length },
  }).length;

  const full = await pull(0);
  report('transparency', 'records', full.changes);
  report('transparency', 'json_bytes', document.length);
  report('transparency', 'brotli_document_bytes', baseline);
  report('transparency', 'aimag_bytes', full.bytes);
  report('transparency', 'ratio', full.bytes / baseline, '<=1.10');

  // The contract search, as a citizen types: every prefix of each query is one search.
  const contracts = rows
    .filter((r) => r.dataset === 'contract' && r.data !== null)
    .map((r) => JSON.parse(r.data ?? '{}') as Contract);
  const queries = [
    'дулаалга',
    'Алтай Зам',
    'сургуулийн засвар',
    'эмнэлэг',
    'tsetserleg',
    'Хөх Сэрх',
    'худаг Цэнгэл',
    'zam',
  ];
  const indexStart = performance.now();
  let index = indexContracts(contracts);
  for (let i = 0; i < 9; i++) index = indexContracts(contracts);
  const indexMs = (performance.now() - indexStart) / 10;
  const timings: number[] = [];
  let found = 0;
  for (let round = 0; round < 20; round++) {
    for (const q of queries) {
      for (let n = 1; n <= q.length; n++) {
        const t0 = performance.now();
        found += searchContracts(index, q.slice(0, n)).length;
        timings.push(performance.now() - t0);
      }
    }
  }
  report('transparency', 'contracts', contracts.length);
  report('transparency', 'contract_searches', timings.length);
  report('transparency', 'contract_hits', found / 20);
  report('transparency', 'contract_index_ms', indexMs, '<=50');
  report('transparency', 'contract_search_p95_ms', percentile(timings, 95), '<=16');

  // A week in Bayan-Ölgii: 35 new Transparent Account payments and the month's crime counts for two soums.
  const source = { url: 'https://shilendans.gov.mn/', takenOn: '2026-11-27' };
  const week = ['id,date,aimag,soum,organisation,payee,purpose,economic_code,amount'];
  for (let i = 0; i < 35; i++) {
    week.push(
      `ta-83-w${i},2026-11-${String(21 + (i % 7)).padStart(2, '0')},83,8301,Өлгий сумын ЗДТГ,Алтай Зам ХХК,Бараа үйлчилгээ,2.1.2,${7_000_000 + i * 1_250_000}`,
    );
  }
  const existing = await server.db
    .selectFrom('open_data_records')
    .select('data')
    .where('dataset', '=', 'account-payment')
    .where('aimag', '=', AIMAG)
    .execute();
  const paymentsCsv = [
    ...existing.map((r) => {
      const p = JSON.parse(r.data ?? '{}') as Record<string, string | number | null>;
      return [p.id, p.date, p.aimag, p.soum ?? '', p.organisation, p.payee, p.purpose, '2.1.2', p.amount]
        .map((v) => csvField(v ?? null))
        .join(',');
    }),
    ...week.slice(1),
  ];
  const accountFile = { name: 'account-week.csv', text: [week[0], ...paymentsCsv].join('\n') };
  await publishOpenData(server.db, importAccountPayments([accountFile], { source }), [accountFile], { source });
  const crime = [
    'aimag,soum,month,crime,count',
    ...['8301', '8337'].flatMap((soum) =>
      ['Хулгай', 'Залилан', 'Мал хулгай'].map((kind, k) => `83,${soum},2026-12,${kind},${6 + k}`),
    ),
  ];
  const crimeFile = { name: 'crime-week.csv', text: crime.join('\n') };
  const crimeResult = importCrimeCounts([crimeFile], { source });
  // Only new rows: publish them without withdrawing the months already published.
  const before = await server.db
    .selectFrom('open_data_records')
    .select('data')
    .where('dataset', '=', 'crime-count' satisfies OpenDataset)
    .where('aimag', '=', AIMAG)
    .execute();
  crimeResult.records.push(...before.map((r) => JSON.parse(r.data ?? '{}') as (typeof crimeResult.records)[number]));
  await publishOpenData(server.db, crimeResult, [crimeFile], { source });

  const delta = await pull(full.cursor);
  report('transparency', 'week_changes', delta.changes);
  report('transparency', 'week_delta_bytes', delta.bytes, '<=16384');

  await measureMapOpen();
} finally {
  await proxy.close();
  await server.close();
}

/**
 * The licence map of aimag 83 opened on the kiosk's screen: the map's records as the kiosk keeps
 * them (borders, licences, protected areas, notices), from the same published set.
 */
async function measureMapOpen(): Promise<void> {
  const mapped: OpenDataset[] = ['boundary', 'licence', 'protected-area', 'environment-notice'];
  const records = await server.db
    .selectFrom('open_data_records')
    .select(['dataset', 'id', 'aimag', 'soum', 'seq', 'data'])
    .where('aimag', '=', AIMAG)
    .where('dataset', 'in', mapped)
    .execute();
  const entries = records.map((r) => ({
    type: r.dataset,
    id: r.id,
    aimag: r.aimag,
    soum: r.soum,
    seq: Number(r.seq),
    data: JSON.parse(r.data ?? 'null') as unknown,
  }));
  const licences = entries.filter((e) => e.type === 'licence').length;
  const places = placeSchema
    .array()
    .parse(JSON.parse(readFileSync(path.join(REPO_ROOT, 'assets/demo-content/places.json'), 'utf8')));
  const out = await buildBenchPage('open-data-map-page', 'open-data-map', { react: true });
  const pageServer = await serveFolder(out);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await page.goto(pageServer.url);
    await page.waitForFunction(() => document.title === 'ready');
    const r = (await page.evaluate(
      (input) =>
        (window as unknown as { runOpenDataMapBench: (i: typeof input) => Promise<unknown> }).runOpenDataMapBench(
          input,
        ),
      { aimag: AIMAG, soum: `${AIMAG}01`, place: places.find((p) => p.id === AIMAG)!, entries, licences, runs: 7 },
    )) as { openMs: number; licencesDrawn: number };
    if (r.licencesDrawn < licences) throw new Error(`map drew ${r.licencesDrawn} of ${licences} licences`);
    report('transparency', 'map_licences', r.licencesDrawn);
    report('transparency', 'map_open_ms', r.openMs, '<=500');
  } finally {
    await browser.close();
    pageServer.close();
  }
}
