// Opening a 300-article draft law in the kiosk's reader, and jumping to its last article, in
// Debian's Chromium; against rendering the same law's plain text with no reader, same run.
import { loadContentFolder } from '../../src-server/content/content-folder.js';
import { DEMO_CONTENT_DIR } from '../../src-server/content/demo-seed.js';
import type { Law, LawArticle } from '../../src-shared/schemas/law.js';
import { buildBenchPage, launchChromium, serveFolder } from './support/bench-page.js';
import { report } from './support/report.js';

const ARTICLES = 300;
const PER_CHAPTER = 20;

const OUT = await buildBenchPage('law-reader-page', 'law-reader', { react: true });

// A 300-article law made of the real demo articles (the petitions law's 110, repeated and renumbered).
const entities = await loadContentFolder(DEMO_CONTENT_DIR);
const source = entities
  .filter((e) => e.type === 'law-article' && (e.data as LawArticle).lawId === 'petitions-law')
  .map((e) => e.data as LawArticle)
  .sort((a, b) => a.number - b.number);
const base = entities.find((e) => e.type === 'law' && e.id === 'petitions-law')!.data as Law;
const lawId = 'bench-300-law';
const articles: LawArticle[] = Array.from({ length: ARTICLES }, (_, i) => {
  const from = source[i % source.length]!;
  const number = i + 1;
  const renumber = (n: string) => n.replace(/^\d+/, String(number));
  return {
    ...from,
    id: `${lawId}.${number}`,
    lawId,
    number,
    chapter: Math.floor(i / PER_CHAPTER) + 1,
    earlier: [],
    paragraphs: from.paragraphs.map((p) => ({
      ...p,
      number: renumber(p.number),
      items: p.items.map((it) => ({ ...it, number: renumber(it.number) })),
    })),
  };
});
const law: Law = {
  ...base,
  id: lawId,
  version: 1,
  removedArticles: [],
  chapters: Array.from({ length: ARTICLES / PER_CHAPTER }, (_, c) => ({
    number: c + 1,
    title: base.chapters[c % base.chapters.length]!.title,
    articles: Array.from({ length: PER_CHAPTER }, (_, k) => c * PER_CHAPTER + k + 1),
  })),
};

const server = await serveFolder(OUT);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await page.goto(server.url);
  await page.waitForFunction(() => document.title === 'ready');
  const r = (await page.evaluate(
    (input) =>
      (window as unknown as { runLawReaderBench: (i: typeof input) => Promise<unknown> }).runLawReaderBench(input),
    { law, articles, runs: 7 },
  )) as { articles: number; openMs: number; jumpMs: number; plainMs: number; renderedArticles: number };
  report('law-reader', 'articles', r.articles);
  report('law-reader', 'open_ms', r.openMs, '<=300');
  report('law-reader', 'jump_ms', r.jumpMs, '<=100');
  report('law-reader', 'plain_ms', r.plainMs);
  report('law-reader', 'ratio_vs_plain', r.openMs / r.plainMs, '<=1');
  report('law-reader', 'articles_in_dom', r.renderedArticles);
} finally {
  await browser.close();
  server.close();
}
