import { useTranslation } from 'react-i18next';
import { pickText, type Language } from '../../../src-shared/schemas/localized-text.js';
import type { LawArticle } from '../../../src-shared/schemas/law.js';
import { highlight } from './law-search.js';
import { stanceTotal, type StanceCounts } from './laws-data.js';

/** "12 дугаар зүйл. Title", in the reader's language. */
export function articleHeading(
  t: (key: string, o?: Record<string, unknown>) => string,
  article: LawArticle,
  lang: Language,
) {
  return t('laws.articleHeading', { number: article.number, title: pickText(article.title, lang) });
}

/** An article's paragraphs (хэсэг) and their items (заалт), with search hits marked. */
export function ArticleParagraphs({
  article,
  lang,
  terms = [],
}: {
  article: Pick<LawArticle, 'paragraphs'>;
  lang: Language;
  terms?: readonly string[];
}) {
  return (
    <div className="law-paragraphs">
      {article.paragraphs.map((p) => (
        <div key={p.number} className="law-paragraph">
          {/* Text not written in the visitor's language shows in Mongolian, marked so for screen readers. */}
          <p lang={p.text[lang] ? undefined : 'mn'}>
            <span className="law-number">{p.number}.</span> {highlight(pickText(p.text, lang), terms)}
          </p>
          {p.items.length > 0 && (
            <ul className="law-items">
              {p.items.map((item) => (
                <li key={item.number} lang={item.text[lang] ? undefined : 'mn'}>
                  <span className="law-number">{item.number}.</span> {highlight(pickText(item.text, lang), terms)}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </div>
  );
}

/** The server's count of comments by stance, beside an article or a law. */
export function StanceCountsView({ counts, testId }: { counts: StanceCounts | undefined; testId?: string }) {
  const { t } = useTranslation();
  const c = counts ?? { for: 0, against: 0, neutral: 0 };
  return (
    <div className="law-counts" data-testid={testId} data-total={stanceTotal(c)}>
      <span className="law-counts-label">{t('laws.counts.label')}</span>
      <span className="law-count law-count-for" data-stance="for" data-count={c.for}>
        {t('laws.counts.for', { count: c.for })}
      </span>
      <span className="law-count law-count-against" data-stance="against" data-count={c.against}>
        {t('laws.counts.against', { count: c.against })}
      </span>
      <span className="law-count law-count-neutral" data-stance="neutral" data-count={c.neutral}>
        {t('laws.counts.neutral', { count: c.neutral })}
      </span>
    </div>
  );
}
