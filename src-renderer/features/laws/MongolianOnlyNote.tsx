import { useTranslation } from 'react-i18next';
import type { Language } from '../../../src-shared/schemas/localized-text.js';
import type { LawArticle } from '../../../src-shared/schemas/law.js';

/**
 * True when the visitor reads Kazakh or English and not one article of the law is written in that
 * language: the text then shows in Mongolian, and the screen says so before it.
 */
export function onlyInMongolian(
  articles: readonly Pick<LawArticle, 'title' | 'paragraphs'>[],
  lang: Language,
): boolean {
  if (lang === 'mn' || articles.length === 0) return false;
  return !articles.some(
    (a) => a.title[lang] || a.paragraphs.some((p) => p.text[lang] || p.items.some((item) => item.text[lang])),
  );
}

/** "This draft law exists only in Mongolian", in the visitor's language, before the law's text. */
export function MongolianOnlyNote({
  articles,
  lang,
}: {
  articles: readonly Pick<LawArticle, 'title' | 'paragraphs'>[];
  lang: Language;
}) {
  const { t } = useTranslation();
  if (!onlyInMongolian(articles, lang)) return null;
  return (
    <p className="note law-language-note" data-testid="law-mongolian-only">
      {t('laws.mongolianOnlyText')}
    </p>
  );
}
