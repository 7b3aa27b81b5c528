import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import type { Law } from '../../../src-shared/schemas/law.js';
import { TEXT_SCALES, useLang, useShell } from '../../app/kiosk-context.js';
import type { Navigation } from '../../app/navigation.js';
import { emitAppEvent } from '../../platform/app-events.js';
import { ArticleParagraphs, articleHeading, StanceCountsView } from './ArticleText.js';
import { ContentsPanel } from './ContentsPanel.js';
import { commentWindowState } from './comment-window.js';
import { LawPresentation } from './LawPresentation.js';
import { foldedArticle, highlight, matchesAll, queryTerms } from './law-search.js';
import { useCommentCounts, useLaw, useLawArticles, type LawCommentCounts, type ReaderArticle } from './laws-data.js';
import { MongolianOnlyNote } from './MongolianOnlyNote.js';
import { WindowNotice } from './WindowNotice.js';
import { VirtualList, type ScrollRequest } from './VirtualList.js';
import './laws.css';

type Row =
  | { kind: 'summary' }
  | { kind: 'chapter'; chapter: Law['chapters'][number] }
  | { kind: 'article'; article: ReaderArticle };

/** The summary first, then each chapter heading followed by its articles, in the law's own order. */
function readerRows(law: Law, articles: readonly ReaderArticle[]): Row[] {
  const byNumber = new Map(articles.map((a) => [a.number, a]));
  const rows: Row[] = [{ kind: 'summary' }];
  const placed = new Set<number>();
  for (const chapter of law.chapters) {
    rows.push({ kind: 'chapter', chapter });
    for (const n of chapter.articles) {
      const article = byNumber.get(n);
      if (article) {
        rows.push({ kind: 'article', article });
        placed.add(n);
      }
    }
  }
  // An article the table of contents does not (yet) list is still shown, at the end.
  for (const a of articles) if (!placed.has(a.number)) rows.push({ kind: 'article', article: a });
  return rows;
}

export function LawReader({ nav, lawId, article }: { nav: Navigation; lawId: string; article?: number | undefined }) {
  const { info } = useShell();
  const law = useLaw(lawId);
  const articles = useLawArticles(lawId);
  const counts = useCommentCounts(lawId);
  if (law === undefined || articles === undefined)
    return <main className="screen law-reader" data-testid="screen-law" />;
  if (law === null) return <LawMissing />;
  if (info.presentation === 'library') {
    return <LawPresentation law={law} articles={articles} startArticle={article} />;
  }
  return <Reader nav={nav} law={law} articles={articles} counts={counts} startArticle={article} />;
}

export function LawMissing() {
  const { t } = useTranslation();
  return (
    <main className="screen" data-testid="screen-law-missing">
      <p className="note">{t('laws.missing')}</p>
    </main>
  );
}

function Reader({
  nav,
  law,
  articles,
  counts,
  startArticle,
}: {
  nav: Navigation;
  law: Law;
  articles: ReaderArticle[];
  counts: LawCommentCounts | undefined;
  startArticle: number | undefined;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const rows = useMemo(() => readerRows(law, articles), [law, articles]);
  const rowOfArticle = useMemo(
    () => new Map(rows.flatMap((r, i) => (r.kind === 'article' ? [[r.article.number, i] as const] : []))),
    [rows],
  );
  // The visit's one text size (the header sets it too): the whole screen, the law included,
  // grows with it, so the reader's buttons change that, never a second size on top.
  const { display, setDisplay } = useShell();
  const scale = display.textScale / 100;
  const step = (by: 1 | -1) => {
    const at = TEXT_SCALES.indexOf(display.textScale as (typeof TEXT_SCALES)[number]);
    const next = TEXT_SCALES[Math.max(0, Math.min(TEXT_SCALES.length - 1, at + by))]!;
    setDisplay({ ...display, textScale: next });
  };
  const [jump, setJump] = useState<ScrollRequest | undefined>(() => {
    const row = startArticle === undefined ? undefined : rowOfArticle.get(startArticle);
    return row === undefined ? undefined : { index: row, seq: 1 };
  });
  const [tocOpen, setTocOpen] = useState(false);
  const closeToc = useCallback(() => setTocOpen(false), []);
  const [query, setQuery] = useState('');
  const [goTo, setGoTo] = useState('');
  const [goToError, setGoToError] = useState(false);
  const [hitCursor, setHitCursor] = useState(0);
  const open = commentWindowState(law).state === 'open';

  const jumpToRow = useCallback((index: number) => setJump((j) => ({ index, seq: (j?.seq ?? 0) + 1 })), []);
  const jumpToArticle = useCallback(
    (n: number) => {
      const row = rowOfArticle.get(n);
      if (row === undefined) return false;
      jumpToRow(row);
      emitAppEvent('law-jump', { lawId: law.id, article: n });
      return true;
    },
    [rowOfArticle, jumpToRow, law.id],
  );

  useEffect(() => {
    emitAppEvent('law-opened', { lawId: law.id, articles: articles.length });
  }, [law.id, articles.length]);

  // Search: fold every article once per language, then each query is a substring test per article.
  const folded = useMemo(
    () => rows.map((r) => (r.kind === 'article' ? foldedArticle(r.article, lang) : '')),
    [rows, lang],
  );
  const terms = useMemo(() => queryTerms(query), [query]);
  const findHits = useCallback(
    (ts: string[]) => (ts.length === 0 ? [] : rows.flatMap((_, i) => (matchesAll(folded[i]!, ts) ? [i] : []))),
    [rows, folded],
  );
  const hits = useMemo(() => findHits(terms), [findHits, terms]);
  /** Typing moves the reader to the first article with every word. */
  const search = (value: string) => {
    // The citizen has moved on: an old "no article with that number" would only mislead.
    setGoToError(false);
    setQuery(value);
    setHitCursor(0);
    const ts = queryTerms(value);
    const found = findHits(ts);
    if (found[0] !== undefined) jumpToRow(found[0]);
    if (ts.length > 0) emitAppEvent('law-search', { lawId: law.id, hits: found.length });
  };
  const stepHit = (by: number) => {
    setGoToError(false);
    if (hits.length === 0) return;
    const next = (hitCursor + by + hits.length) % hits.length;
    setHitCursor(next);
    jumpToRow(hits[next]!);
  };

  const rowKey = useCallback(
    (i: number) => {
      const r = rows[i]!;
      return r.kind === 'article' ? `a${r.article.number}` : r.kind === 'chapter' ? `c${r.chapter.number}` : 'summary';
    },
    [rows],
  );
  const estimate = useCallback(
    (i: number) => {
      const r = rows[i]!;
      if (r.kind === 'chapter') return 90 * scale;
      if (r.kind === 'summary') return (160 + (pickText(law.summary, lang).length / 80) * 34) * scale;
      const chars = r.article.paragraphs.reduce(
        (n, p) =>
          n + pickText(p.text, lang).length + p.items.reduce((m, it) => m + pickText(it.text, lang).length + 40, 0),
        0,
      );
      return (150 + (chars / 80) * 34 * scale + r.article.paragraphs.length * 16) * scale;
    },
    [rows, scale, law.summary, lang],
  );

  const renderRow = (i: number) => {
    const r = rows[i]!;
    switch (r.kind) {
      case 'summary':
        return (
          <section className="law-summary" aria-labelledby="law-summary-heading">
            <h2 id="law-summary-heading">{t('laws.summaryHeading')}</h2>
            <p>{pickText(law.summary, lang)}</p>
          </section>
        );
      case 'chapter':
        return (
          <h2 className="law-chapter" data-testid={`chapter-${r.chapter.number}`}>
            {t('laws.chapterHeading', { number: r.chapter.number, title: pickText(r.chapter.title, lang) })}
          </h2>
        );
      case 'article': {
        const a = r.article;
        const hit = terms.length > 0 && hits.includes(i);
        return (
          <article
            className={hit ? 'law-article law-article-hit' : 'law-article'}
            aria-labelledby={`article-${a.number}-heading`}
            data-testid={`article-${a.number}`}
          >
            <h3 id={`article-${a.number}-heading`}>{highlight(articleHeading(t, a, lang), terms)}</h3>
            <ArticleParagraphs article={a} lang={lang} terms={terms} />
            <div className="law-article-footer">
              {counts && (
                <StanceCountsView counts={counts.articles[String(a.number)]} testId={`article-${a.number}-counts`} />
              )}
              {open && (
                <button
                  type="button"
                  className="secondary-button law-comment-button"
                  onClick={() => {
                    // Back from the comment returns to this article, not to the top of the law.
                    nav.replace({ name: 'law', lawId: law.id, article: a.number });
                    nav.go({ name: 'law-comment', lawId: law.id, articleNumber: a.number });
                  }}
                  data-testid={`comment-article-${a.number}`}
                  aria-describedby={`article-${a.number}-heading`}
                >
                  {t('laws.commentOnArticle')}
                </button>
              )}
            </div>
          </article>
        );
      }
    }
  };

  const submitGoTo = () => {
    const n = Number(goTo.trim());
    const ok = Number.isInteger(n) && jumpToArticle(n);
    setGoToError(!ok);
    if (ok) setGoTo('');
  };

  return (
    <main className="screen law-reader" data-testid="screen-law" data-law-id={law.id}>
      <h1 className="law-title">{pickText(law.title, lang)}</h1>
      <WindowNotice law={law} compact />
      <MongolianOnlyNote articles={articles} lang={lang} />
      <div className="law-toolbar">
        <button
          type="button"
          className="law-tool"
          aria-expanded={tocOpen}
          aria-controls="law-toc"
          onClick={() => {
            setTocOpen((o) => !o);
            setGoToError(false);
          }}
          data-testid="law-toc-toggle"
        >
          {t('laws.contents')}
        </button>
        <form
          className="law-goto"
          onSubmit={(e) => {
            e.preventDefault();
            submitGoTo();
          }}
        >
          <label htmlFor="law-goto-input">{t('laws.goToLabel')}</label>
          <input
            id="law-goto-input"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={goTo}
            onChange={(e) => {
              setGoTo(e.target.value.replace(/\D/g, ''));
              setGoToError(false);
            }}
            aria-invalid={goToError || undefined}
            aria-describedby={goToError ? 'law-goto-error' : undefined}
            data-testid="law-goto-input"
          />
          <button type="submit" className="law-tool" data-testid="law-goto">
            {t('laws.goTo')}
          </button>
        </form>
        <div className="law-text-size" role="group" aria-label={t('laws.textSize')}>
          <button
            type="button"
            className="law-tool"
            onClick={() => step(-1)}
            disabled={display.textScale <= TEXT_SCALES[0]}
            data-testid="law-text-smaller"
          >
            {t('laws.textSmaller')}
          </button>
          <span className="law-scale" aria-live="polite" data-testid="law-text-scale">
            {t('laws.textScale', { percent: display.textScale })}
          </span>
          <button
            type="button"
            className="law-tool"
            onClick={() => step(1)}
            disabled={display.textScale >= TEXT_SCALES[TEXT_SCALES.length - 1]!}
            data-testid="law-text-larger"
          >
            {t('laws.textLarger')}
          </button>
        </div>
        {law.version > 1 && (
          <button
            type="button"
            className="law-tool"
            onClick={() => nav.go({ name: 'law-changes', lawId: law.id })}
            data-testid="law-changes"
          >
            {t('laws.whatChanged')}
          </button>
        )}
        {open && (
          <button
            type="button"
            className="law-tool law-tool-primary"
            onClick={() => nav.go({ name: 'law-comment', lawId: law.id, articleNumber: null })}
            data-testid="comment-law"
          >
            {t('laws.commentOnLaw')}
          </button>
        )}
      </div>
      {goToError && (
        <p id="law-goto-error" className="message error" role="alert" data-testid="law-goto-error">
          {t('laws.goToError', { max: articles.reduce((m, a) => Math.max(m, a.number), 0) })}
        </p>
      )}
      <div className="law-search" role="search">
        <label htmlFor="law-search-input">{t('laws.searchLabel')}</label>
        <input
          id="law-search-input"
          type="search"
          value={query}
          onChange={(e) => search(e.target.value)}
          data-testid="law-search"
        />
        {terms.length > 0 && (
          <>
            <span className="law-search-count" role="status" data-testid="law-search-count" data-hits={hits.length}>
              {hits.length === 0
                ? t('laws.searchNone')
                : t('laws.searchHits', { count: hits.length, current: hitCursor + 1 })}
            </span>
            <button
              type="button"
              className="law-tool"
              onClick={() => stepHit(-1)}
              disabled={hits.length < 2}
              data-testid="law-search-prev"
            >
              {t('laws.searchPrevious')}
            </button>
            <button
              type="button"
              className="law-tool"
              onClick={() => stepHit(1)}
              disabled={hits.length < 2}
              data-testid="law-search-next"
            >
              {t('laws.searchNext')}
            </button>
          </>
        )}
      </div>
      {tocOpen && (
        <ContentsPanel id="law-toc" testId="law-toc" onClose={closeToc}>
          {law.chapters.map((c) => (
            <section key={c.number}>
              <h3>{t('laws.chapterHeading', { number: c.number, title: pickText(c.title, lang) })}</h3>
              <ul>
                {c.articles.map((n) => {
                  const a = articles.find((x) => x.number === n);
                  return (
                    <li key={n}>
                      <button
                        type="button"
                        className="law-toc-item"
                        onClick={() => {
                          jumpToArticle(n);
                          setTocOpen(false);
                          setGoToError(false);
                        }}
                        data-testid={`toc-article-${n}`}
                      >
                        {a ? articleHeading(t, a, lang) : t('laws.articleNumber', { number: n })}
                      </button>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
        </ContentsPanel>
      )}
      <VirtualList
        count={rows.length}
        rowKey={rowKey}
        estimate={estimate}
        renderRow={renderRow}
        scrollTo={jump}
        measureKey={`${display.textScale}:${lang}`}
        className="law-text"
        label={t('laws.textRegion')}
      />
    </main>
  );
}
