// Search over 20,000 law articles and 2,000 services, in Debian's Chromium, against a Dexie
// full scan measured in the same run.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildBenchPage, launchChromium, REPO_ROOT, serveFolder } from './support/bench-page.js';
import { report } from './support/report.js';

const OUT = await buildBenchPage('search-page', 'search');

// Real vocabulary: the words of the demo draft laws, with a share of Latin spellings mixed in.
const lawsDir = path.join(REPO_ROOT, 'assets/demo-content/laws');
const text = readdirSync(lawsDir)
  .flatMap((d) => {
    try {
      return [readFileSync(path.join(lawsDir, d, 'text.md'), 'utf8')];
    } catch {
      return [];
    }
  })
  .join(' ');
const vocabulary = [
  ...new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}]+/u)
      .filter((w) => w.length >= 3),
  ),
];
const latin: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'j',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  ө: 'u',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ү: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sh',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};
const toLatin = (w: string) => [...w].map((c) => latin[c] ?? c).join('');
const queries: string[] = [];
for (let i = 0; queries.length < 400; i += 7) {
  const w = vocabulary[(i * 7919) % vocabulary.length]!;
  const kind = queries.length % 4;
  queries.push(
    kind === 0
      ? w
      : kind === 1
        ? w.slice(0, Math.max(3, Math.ceil(w.length / 2)))
        : kind === 2
          ? toLatin(w)
          : `${w} ${vocabulary[(i * 104729) % vocabulary.length]!.slice(0, 4)}`,
  );
}

const server = await serveFolder(OUT);
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => document.title === 'ready');
  const r = (await page.evaluate(
    (input) => (window as unknown as { runSearchBench: (i: typeof input) => Promise<unknown> }).runSearchBench(input),
    { vocabulary, articles: 20_000, services: 2_000, queries },
  )) as {
    documents: number;
    buildMs: number;
    index: { p50: number; p95: number };
    scan: { p50: number; p95: number };
    stored: {
      from: string;
      documents: number;
      bytes: number;
      saveMs: number;
      readyMs: number;
      longestBlockMs: number;
      restored: { p50: number; p95: number };
      sameResults: boolean;
      readMs: number;
      parseMs: number;
    };
  };
  if (process.env.BENCH_DEBUG) console.log((r as unknown as { slowest: unknown }).slowest);
  report('search', 'documents', r.documents);
  report('search', 'index_build_ms', r.buildMs);
  report('search', 'p50_ms', r.index.p50);
  report('search', 'p95_ms', r.index.p95, '16');
  report('search', 'scan_p50_ms', r.scan.p50);
  report('search', 'speedup_vs_scan', r.scan.p50 / Math.max(r.index.p50, 0.001), '>1');
  // The index kept with the content (Dexie): loaded at start instead of rebuilt.
  if (r.stored.from !== 'stored' || r.stored.documents !== r.documents || !r.stored.sameResults) {
    throw new Error(`stored index not used as it was saved: ${JSON.stringify(r.stored)}`);
  }
  report('search', 'stored_index_mb', r.stored.bytes / 1e6);
  report('search', 'save_ms', r.stored.saveMs);
  report('search', 'ready_after_start_ms', r.stored.readyMs, '300');
  report('search', 'ready_longest_block_ms', r.stored.longestBlockMs);
  report('search', 'ready_read_ms', r.stored.readMs);
  report('search', 'ready_load_ms', r.stored.parseMs);
  report('search', 'restored_p95_ms', r.stored.restored.p95, '16');
} finally {
  await browser.close();
  server.close();
}
