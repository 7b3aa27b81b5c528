import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import type { Law } from '../../../src-shared/schemas/law.js';
import { useKiosk, useLang, useShell } from '../../app/kiosk-context.js';
import type { PrinterProblem } from '../../../src-shared/schemas/printer-problem.js';
import { emitAppEvent } from '../../platform/app-events.js';
import { printProblemOf, printProblemText } from '../receipt/print-problem.js';
import { ArticleParagraphs, articleHeading } from './ArticleText.js';
import { ContentsPanel } from './ContentsPanel.js';
import { articlePrint, summaryPrint, type LawPrintRequest } from './print-law.js';
import type { ReaderArticle } from './laws-data.js';
import { MongolianOnlyNote } from './MongolianOnlyNote.js';
import { WindowNotice } from './WindowNotice.js';
import './laws.css';

type PrintState = 'idle' | 'printing' | 'printed' | 'failed';

/**
 * The library's large screen: the summary, then one article per page, in big type, turned with
 * two big buttons. No comment or personal-data features; the librarian can print the article
 * or the summary on the receipt printer, with a QR code to the full text.
 */
export function LawPresentation({
  law,
  articles,
  startArticle,
}: {
  law: Law;
  articles: ReaderArticle[];
  startArticle: number | undefined;
}) {
  const { t } = useTranslation();
  const { core } = useKiosk();
  const { info } = useShell();
  const lang = useLang();
  const ordered = law.chapters.flatMap((c) =>
    c.articles.flatMap((n) => {
      const a = articles.find((x) => x.number === n);
      return a ? [{ article: a, chapter: c }] : [];
    }),
  );
  const pages = ordered.length + 1;
  const [page, setPage] = useState(() => {
    const i = ordered.findIndex((o) => o.article.number === startArticle);
    return i < 0 ? 0 : i + 1;
  });
  const [print, setPrint] = useState<PrintState>('idle');
  const [printProblem, setPrintProblem] = useState<PrinterProblem>('unknown');
  const [tocOpen, setTocOpen] = useState(false);
  const closeToc = useCallback(() => setTocOpen(false), []);
  const heading = useRef<HTMLHeadingElement>(null);
  const current = page === 0 ? null : ordered[page - 1];

  useEffect(() => {
    heading.current?.focus();
    emitAppEvent('law-page', { lawId: law.id, page: page + 1, pages });
  }, [page, pages, law.id]);

  async function printNow(request: LawPrintRequest, what: string) {
    setPrint('printing');
    try {
      await core.printLawText(request);
      setPrint('printed');
      emitAppEvent('law-printed', { lawId: law.id, what });
    } catch (error) {
      setPrintProblem(printProblemOf(error));
      setPrint('failed');
      emitAppEvent('law-print-failed', { lawId: law.id, what });
    }
  }

  const go = (p: number) => {
    setPage(Math.max(0, Math.min(pages - 1, p)));
    setPrint('idle');
  };

  return (
    <main className="screen law-presentation" data-testid="screen-law" data-law-id={law.id} data-mode="library">
      <p className="law-presentation-law">{pickText(law.title, lang)}</p>
      <MongolianOnlyNote articles={articles} lang={lang} />
      <div className="law-presentation-page" data-testid="presentation-page" data-page={page + 1}>
        {current ? (
          <article aria-labelledby="presentation-heading" data-testid={`article-${current.article.number}`}>
            <p className="law-presentation-chapter">
              {t('laws.chapterHeading', {
                number: current.chapter.number,
                title: pickText(current.chapter.title, lang),
              })}
            </p>
            <h1 id="presentation-heading" ref={heading} tabIndex={-1}>
              {articleHeading(t, current.article, lang)}
            </h1>
            <ArticleParagraphs article={current.article} lang={lang} />
          </article>
        ) : (
          <section aria-labelledby="presentation-heading">
            <h1 id="presentation-heading" ref={heading} tabIndex={-1}>
              {t('laws.summaryHeading')}
            </h1>
            <p className="law-presentation-meta">
              {t(`laws.stage.${law.stage}`)} · {pickText(law.initiator, lang)}
            </p>
            <WindowNotice law={law} compact />
            <p className="law-presentation-summary">{pickText(law.summary, lang)}</p>
          </section>
        )}
      </div>
      <div className="law-presentation-controls">
        <button
          type="button"
          className="law-page-button"
          onClick={() => go(page - 1)}
          disabled={page === 0}
          data-testid="presentation-previous"
        >
          {t('laws.presentation.previous')}
        </button>
        <p className="law-page-count" aria-live="polite" data-testid="presentation-count">
          {t('laws.presentation.pageOf', { page: page + 1, pages })}
        </p>
        <button
          type="button"
          className="law-page-button"
          onClick={() => go(page + 1)}
          disabled={page === pages - 1}
          data-testid="presentation-next"
        >
          {t('laws.presentation.next')}
        </button>
      </div>
      <div className="law-presentation-tools">
        <button
          type="button"
          className="secondary-button"
          disabled={print === 'printing'}
          onClick={() =>
            void (current
              ? printNow(
                  articlePrint(law, current.article, articleHeading(t, current.article, lang), lang, info.publicSite),
                  `article-${current.article.number}`,
                )
              : printNow(summaryPrint(law, t('laws.summaryHeading'), lang, info.publicSite), 'summary'))
          }
          data-testid="presentation-print"
        >
          {current ? t('laws.presentation.printArticle') : t('laws.presentation.printSummary')}
        </button>
        <button
          type="button"
          className="secondary-button"
          aria-expanded={tocOpen}
          aria-controls="presentation-toc"
          onClick={() => setTocOpen((o) => !o)}
          data-testid="presentation-toc-toggle"
        >
          {t('laws.contents')}
        </button>
        <p
          className={print === 'failed' ? 'law-print-state error' : 'law-print-state'}
          role="status"
          data-testid="presentation-print-state"
          data-state={print}
        >
          {print === 'idle'
            ? ''
            : print === 'failed'
              ? `${printProblemText(t, printProblem)} ${t('laws.presentation.print.failed')}`
              : t(`laws.presentation.print.${print}`)}
        </p>
      </div>
      {tocOpen && (
        <ContentsPanel id="presentation-toc" testId="presentation-toc" onClose={closeToc}>
          <ul>
            <li>
              <button
                type="button"
                className="law-toc-item"
                onClick={() => {
                  go(0);
                  setTocOpen(false);
                }}
              >
                {t('laws.summaryHeading')}
              </button>
            </li>
            {ordered.map((o, i) => (
              <li key={o.article.number}>
                <button
                  type="button"
                  className="law-toc-item"
                  onClick={() => {
                    go(i + 1);
                    setTocOpen(false);
                  }}
                  data-testid={`toc-article-${o.article.number}`}
                >
                  {articleHeading(t, o.article, lang)}
                </button>
              </li>
            ))}
          </ul>
        </ContentsPanel>
      )}
    </main>
  );
}
