// Mounts the kiosk's real LawReader (with an in-memory kiosk context over a real Dexie database)
// and, for comparison, the same law rendered as plain text with no reader around it.
import { createElement, Fragment, useEffect, useState, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import type { Law, LawArticle } from '../../../src-shared/schemas/law.js';
import { KioskContext, type KioskContextValue } from '../../../src-renderer/app/kiosk-context.js';
import type { Navigation } from '../../../src-renderer/app/navigation.js';
import { openDatabase, type TsonkhDb } from '../../../src-renderer/data/db.js';
import { LawReader } from '../../../src-renderer/features/laws/index.js';
import { initI18n } from '../../../src-renderer/i18n/index.js';
import '../../../src-renderer/fonts.css';
import '../../../src-renderer/styles.css';

interface BenchInput {
  law: Law;
  articles: LawArticle[];
  runs: number;
}

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
/** Resolves after the next paint: a frame, then a task queued behind it. */
async function afterPaint(): Promise<void> {
  await frame();
  await new Promise<void>((r) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => r();
    ch.port2.postMessage(null);
  });
}

/** Waits (without polling timers) until `ready()` holds after some DOM change, then for it to be painted. */
async function until(root: HTMLElement, ready: () => boolean): Promise<void> {
  if (!ready()) {
    await new Promise<void>((resolve) => {
      const mo = new MutationObserver(() => {
        if (ready()) {
          mo.disconnect();
          resolve();
        }
      });
      mo.observe(root, { childList: true, subtree: true, attributes: true });
    });
  }
  await afterPaint();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The law as plain text, read from the same database: every article in the DOM, nothing else. */
function PlainLaw({ db, lawId }: { db: TsonkhDb; lawId: string }) {
  const [articles, setArticles] = useState<LawArticle[] | null>(null);
  useEffect(() => {
    void db.lawArticles.where('lawId').equals(lawId).sortBy('number').then(setArticles);
  }, [db, lawId]);
  if (!articles) return null;
  const out: ReactNode[] = articles.map((a) =>
    createElement(
      'article',
      { key: a.number, 'data-testid': `plain-${a.number}` },
      createElement('h3', null, `${a.number}. ${a.title.mn}`),
      ...a.paragraphs.map((p) =>
        createElement(
          Fragment,
          { key: p.number },
          createElement('p', null, `${p.number}. ${p.text.mn}`),
          ...p.items.map((it) => createElement('p', { key: it.number }, `${it.number}. ${it.text.mn}`)),
        ),
      ),
    ),
  );
  return createElement('main', { className: 'screen' }, out);
}

async function run(input: BenchInput) {
  const host = document.getElementById('root')!;
  const i18n = await initI18n('mn');
  const db = openDatabase('law-reader-bench');
  await db.laws.clear();
  await db.lawArticles.clear();
  await db.laws.put(input.law);
  await db.lawArticles.bulkPut(input.articles);
  const last = Math.max(...input.articles.map((a) => a.number));
  const nav: Navigation = {
    screen: { name: 'law', lawId: input.law.id },
    go: () => undefined,
    replace: () => undefined,
    back: () => undefined,
    home: () => undefined,
    canGoBack: true,
  };
  const context = {
    db,
    lang: 'mn',
    info: { presentation: 'kiosk', publicSite: 'https://tsonkh.gov.mn' },
    display: { textScale: 100, highContrast: false },
  } as unknown as KioskContextValue;
  const wrap = (child: ReactNode) =>
    createElement(
      I18nextProvider,
      { i18n },
      createElement(KioskContext.Provider, { value: context }, createElement('div', { className: 'kiosk' }, child)),
    );

  const open: number[] = [];
  const jump: number[] = [];
  const plain: number[] = [];
  const rendered: number[] = [];
  for (let i = 0; i < input.runs + 1; i++) {
    // The reader: mount, then wait for its first article to be painted.
    let root: Root = createRoot(host);
    let t0 = performance.now();
    root.render(wrap(createElement(LawReader, { nav, lawId: input.law.id })));
    await until(host, () => host.querySelector('[data-testid="article-1"]') !== null);
    const openMs = performance.now() - t0;
    const inDom = host.querySelectorAll('.law-article').length;

    // Jump to the last article with the article-number box, until it is painted in view.
    const box = host.querySelector<HTMLInputElement>('[data-testid="law-goto-input"]')!;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(box, String(last));
    box.dispatchEvent(new Event('input', { bubbles: true }));
    await afterPaint();
    const scroller = host.querySelector<HTMLElement>('[data-testid="law-scroller"]')!;
    t0 = performance.now();
    host.querySelector<HTMLButtonElement>('[data-testid="law-goto"]')!.click();
    await until(host, () => {
      const el = host.querySelector(`[data-testid="article-${last}"]`);
      if (!el) return false;
      const r = el.getBoundingClientRect();
      const s = scroller.getBoundingClientRect();
      return r.top >= s.top - 1 && r.top < s.bottom;
    });
    const jumpMs = performance.now() - t0;
    root.unmount();

    // The same law as plain text, same data path, nothing windowed.
    root = createRoot(host);
    t0 = performance.now();
    root.render(wrap(createElement(PlainLaw, { db, lawId: input.law.id })));
    await until(host, () => host.querySelector(`[data-testid="plain-${last}"]`) !== null);
    const plainMs = performance.now() - t0;
    root.unmount();

    // The first round warms up the code and the database; it is not counted.
    if (i === 0) continue;
    open.push(openMs);
    jump.push(jumpMs);
    plain.push(plainMs);
    rendered.push(inDom);
  }
  db.close();
  return {
    articles: input.articles.length,
    openMs: median(open),
    jumpMs: median(jump),
    plainMs: median(plain),
    renderedArticles: median(rendered),
  };
}

(window as unknown as { runLawReaderBench: typeof run }).runLawReaderBench = run;
document.title = 'ready';
