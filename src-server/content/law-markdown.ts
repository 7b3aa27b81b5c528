import type { Law, LawArticle } from '../../src-shared/schemas/law.js';
import type { LocalizedText } from '../../src-shared/schemas/localized-text.js';
import { mongolianOrdinalSuffix, mongolianOrdinalUpper, parseMongolianOrdinalUpper } from './mongolian-ordinals.js';

/** One problem in a law text, by file and 1-based line. */
export interface LawMarkdownProblem {
  file: string;
  line: number;
  message: string;
}

/** A law text (or its translation) is malformed; `problems` lists every problem found. */
export class LawMarkdownError extends Error {
  override readonly name = 'LawMarkdownError';
  constructor(readonly problems: readonly LawMarkdownProblem[]) {
    super(`Law text refused:\n${problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n')}`);
  }
}

/** The structure of one law text file in one language, with the line each part starts on. */
export interface LawText {
  chapters: LawTextChapter[];
  articles: LawTextArticle[];
}
export interface LawTextChapter {
  number: number;
  title: string;
  line: number;
  /** Article numbers in this chapter, in order. */
  articles: number[];
}
export interface LawTextArticle {
  number: number;
  chapter: number;
  title: string;
  line: number;
  paragraphs: LawTextParagraph[];
}
export interface LawTextItem {
  /** "2.1.1" */
  number: string;
  text: string;
  line: number;
}
export interface LawTextParagraph extends LawTextItem {
  items: LawTextItem[];
}

export interface ParseLawTextOptions {
  file: string;
  /**
   * true (Mongolian text): chapter headings must spell the right ordinal ("# ГУРАВДУГААР БҮЛЭГ")
   * and article headings the right suffix ("### 3 дугаар зүйл.<title>"). false (translations):
   * "# <any heading>", "### [word] <n><anything>.<title>" (the title is what follows the first
   * "." after the number, e.g. "### 1-бап. Заңның мақсаты", "### Article 1. Purpose"), the
   * numbering rules unchanged.
   */
  strict: boolean;
}

/**
 * Parses one law text file into its structure and every problem found (it does not stop at the
 * first). Rules: docs/content-format.md.
 */
export function parseLawText(
  source: string,
  { file, strict }: ParseLawTextOptions,
): {
  text: LawText;
  problems: LawMarkdownProblem[];
} {
  const problems: LawMarkdownProblem[] = [];
  const problem = (line: number, message: string) => problems.push({ file, line, message });
  const text: LawText = { chapters: [], articles: [] };
  let chapter: LawTextChapter | undefined;
  let article: LawTextArticle | undefined;
  let paragraph: LawTextParagraph | undefined;
  /** The paragraph or sub-paragraph that continuation lines extend; undefined after a refused number. */
  let open: LawTextItem | undefined;
  /** Set after a refused numbered line: its continuation lines are ignored, not reported again. */
  let skipping = false;
  let awaitingTitle: LawTextChapter | undefined;
  let lastArticle = 0;
  let preambleReported = false;

  const closeArticle = () => {
    if (article && article.paragraphs.length === 0) {
      problem(article.line, `article ${article.number} has no paragraphs: its text starts with "${article.number}.1."`);
    }
    article = undefined;
    paragraph = undefined;
    open = undefined;
    skipping = false;
  };
  const closeChapter = () => {
    closeArticle();
    if (chapter && chapter.articles.length === 0) problem(chapter.line, `chapter ${chapter.number} has no articles`);
    chapter = undefined;
  };

  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trim().replace(/\s+/g, ' ');
    if (line === '') return;
    const heading = /^(#+)\s*(.*)$/.exec(line);

    if (awaitingTitle) {
      const target = awaitingTitle;
      awaitingTitle = undefined;
      if (heading?.[1] === '##') {
        const title = heading[2]!;
        if (title === '') problem(lineNo, `chapter ${target.number} has an empty title`);
        target.title = title;
        return;
      }
      problem(lineNo, `a chapter heading must be followed by its title: "## <chapter title>"`);
    }

    if (heading) {
      const level = heading[1]!.length;
      const content = heading[2]!;
      if (level === 1) {
        closeChapter();
        chapter = { number: text.chapters.length + 1, title: '', line: lineNo, articles: [] };
        checkChapterHeading(content, chapter.number, strict, (m) => problem(lineNo, m));
        text.chapters.push(chapter);
        awaitingTitle = chapter;
      } else if (level === 3) {
        closeArticle();
        const parsed = parseArticleHeading(content, strict);
        if (typeof parsed === 'string') {
          problem(lineNo, parsed);
          skipping = true;
          return;
        }
        const { number, title, problems: headingProblems } = parsed;
        for (const m of headingProblems) problem(lineNo, m);
        const expected = lastArticle + 1;
        if (number < expected) {
          problem(lineNo, `article ${number} repeats or goes back: article ${expected} comes next`);
        } else if (number > expected) {
          problem(lineNo, `article numbering gap: expected article ${expected}, found ${number}`);
        }
        lastArticle = Math.max(lastArticle, number);
        if (!chapter) {
          problem(lineNo, `article ${number} is outside a chapter: put a chapter heading ("# …") above it`);
        }
        article = { number, chapter: chapter?.number ?? 0, title, line: lineNo, paragraphs: [] };
        chapter?.articles.push(number);
        text.articles.push(article);
      } else if (level === 2) {
        problem(lineNo, 'a chapter title ("## …") belongs on the line right after its chapter heading');
      } else {
        problem(lineNo, 'only "#" (chapter), "##" (chapter title) and "###" (article) headings are allowed');
      }
      return;
    }

    if (!chapter && !article) {
      if (!preambleReported) problem(lineNo, 'text before the first chapter: a law text starts with a chapter heading');
      preambleReported = true;
      return;
    }
    if (!article) {
      if (!skipping) problem(lineNo, `text outside an article in chapter ${chapter!.number}`);
      skipping = true;
      return;
    }

    if (/^\d/.test(line)) {
      skipping = false;
      open = undefined;
      const numbered = /^(\d+(?:\.\d+)*)\.(?!\d)(.*)$/.exec(line);
      const parts = numbered?.[1]!.split('.').map(Number) ?? [];
      if (!numbered || parts.length < 2 || parts.length > 3) {
        problem(
          lineNo,
          'a line starting with a number must be a paragraph "n.k." or a sub-paragraph "n.k.j." ' +
            '(a line continuing the text must not start with a digit)',
        );
        skipping = true;
        return;
      }
      const number = parts.join('.');
      const body = numbered[2]!.trim();
      const [n, k, j] = parts as [number, number, number | undefined];
      if (n !== article.number) {
        const kind = j === undefined ? 'paragraph' : 'sub-paragraph';
        problem(
          lineNo,
          `${kind} ${number} does not belong to article ${article.number} (its paragraphs are ${article.number}.1, ${article.number}.2, …)`,
        );
        skipping = true;
        return;
      }
      if (j === undefined) {
        const expected = article.paragraphs.length + 1;
        if (k !== expected) problem(lineNo, numberingMessage('paragraph', `${n}.${expected}`, number, k < expected));
        paragraph = { number, text: body, line: lineNo, items: [] };
        article.paragraphs.push(paragraph);
        open = paragraph;
        return;
      }
      const owner = `${n}.${k}`;
      if (!paragraph || paragraph.number !== owner) {
        problem(
          lineNo,
          paragraph
            ? `sub-paragraph ${number} does not belong to paragraph ${paragraph.number} (its sub-paragraphs are ${paragraph.number}.1, ${paragraph.number}.2, …)`
            : `sub-paragraph ${number} comes before any paragraph of article ${article.number}`,
        );
        skipping = true;
        return;
      }
      const expected = paragraph.items.length + 1;
      if (j !== expected)
        problem(lineNo, numberingMessage('sub-paragraph', `${owner}.${expected}`, number, j < expected));
      open = { number, text: body, line: lineNo };
      paragraph.items.push(open);
      return;
    }

    if (skipping) return;
    if (!open) {
      problem(lineNo, `article ${article.number}: text before its first paragraph "${article.number}.1."`);
      skipping = true;
      return;
    }
    open.text = open.text === '' ? line : `${open.text} ${line}`;
  });

  if (awaitingTitle)
    problem(awaitingTitle.line, 'a chapter heading must be followed by its title: "## <chapter title>"');
  closeChapter();
  if (text.chapters.length === 0 && problems.length === 0) {
    problem(1, `no chapters: a law text starts with "# ${strict ? mongolianOrdinalUpper(1) + ' БҮЛЭГ' : '<chapter>'}"`);
  }
  for (const a of text.articles) {
    for (const p of a.paragraphs) {
      for (const part of [p, ...p.items]) {
        if (part.text === '')
          problem(part.line, `${part === p ? 'paragraph' : 'sub-paragraph'} ${part.number} has no text`);
      }
    }
  }
  problems.sort((a, b) => a.line - b.line);
  return { text, problems };
}

function numberingMessage(kind: string, expected: string, found: string, back: boolean): string {
  return back
    ? `${kind} ${found} repeats or goes back: ${expected} comes next`
    : `${kind} numbering gap: expected ${expected}, found ${found}`;
}

function checkChapterHeading(content: string, number: number, strict: boolean, report: (m: string) => void): void {
  if (!strict) {
    if (content === '') report('empty chapter heading');
    return;
  }
  if (number > 99) {
    report('a law text has at most 99 chapters');
    return;
  }
  const expected = `${mongolianOrdinalUpper(number)} БҮЛЭГ`;
  const m = /^(.+) БҮЛЭГ$/.exec(content);
  if (!m) {
    report(`a chapter heading must be "# <ORDINAL> БҮЛЭГ": chapter ${number} is "# ${expected}"`);
    return;
  }
  const words = m[1]!;
  const found = parseMongolianOrdinalUpper(words);
  if (found === number) return;
  if (found === undefined) {
    report(`wrong ordinal word "${words}": chapter ${number} is "${expected}"`);
  } else if (found < number) {
    report(
      `chapter number repeats or goes back: "${words}" is ${found}, but chapter ${number} ("${expected}") comes next`,
    );
  } else {
    report(`chapter numbering gap: "${words}" is ${found}, but chapter ${number} ("${expected}") comes next`);
  }
}

/** The article number and title, with any suffix problems; or a string when the heading is unusable. */
function parseArticleHeading(
  content: string,
  strict: boolean,
): { number: number; title: string; problems: string[] } | string {
  const format = 'an article heading must be "### <n> дүгээр зүйл.<title>" or "### <n> дугаар зүйл.<title>"';
  if (!strict) {
    // "### 1-бап. Заңның мақсаты", "### Article 1. Purpose": the first number is the article's.
    const m = /^([^\d.]{0,40}?)(\d{1,4})(?!\d)(.*)$/.exec(content);
    if (!m) return 'an article heading must give its number: "### <n> …" (e.g. "### 1-бап. …", "### Article 1. …")';
    const rest = m[3]!;
    const dot = rest.indexOf('.');
    const title = (dot >= 0 ? rest.slice(dot + 1) : rest.replace(/^[\s\-–—:)]+/, '')).trim();
    const number = Number(m[2]);
    return { number, title, problems: title === '' ? [`article ${number} has no title`] : [] };
  }
  const m = /^(\d{1,4}) (\S+) зүйл\.(.*)$/.exec(content);
  if (!m) return format;
  const number = Number(m[1]);
  const title = m[3]!.trim();
  const problems: string[] = [];
  const suffix = m[2]!;
  const expected = mongolianOrdinalSuffix(number);
  if (suffix !== expected) {
    problems.push(
      suffix === 'дүгээр' || suffix === 'дугаар'
        ? `wrong suffix: "${number} ${suffix} зүйл" must be "${number} ${expected} зүйл" ` +
            '(vowel harmony: "дүгээр" when the number ends in 1, 4, 9, 40 or 90)'
        : `wrong suffix "${suffix}": article ${number} is "${number} ${expected} зүйл"`,
    );
  }
  if (title === '') problems.push(`article ${number} has no title after "зүйл."`);
  return { number, title, problems };
}

export interface LawTranslationSource {
  text: string;
  file: string;
}

export interface ParseLawMarkdownOptions {
  /** Named in every problem. */
  file: string;
  lawId: string;
  /** Stamped as each article's `changedInVersion` (default 1); the content folder refines it from history. */
  version?: number;
  /** Kazakh and English texts: same chapters, articles and paragraph numbers as the Mongolian. */
  translations?: Partial<Record<'kk' | 'en', LawTranslationSource>>;
}

export interface ParsedLaw {
  /** The law's table of contents (`Law['chapters']`). */
  chapters: Law['chapters'];
  /** One entity per article, texts in every language given. */
  articles: LawArticle[];
  /** The Mongolian structure with line numbers. */
  text: LawText;
}

/**
 * Parses a draft law's Mongolian text (and its Kazakh and English texts, if given) into the
 * chapters of the `law` entity and the `law-article` entities. Throws `LawMarkdownError` with
 * every problem in every file.
 */
export function parseLawMarkdown(source: string, options: ParseLawMarkdownOptions): ParsedLaw {
  const { file, lawId, version = 1 } = options;
  const mn = parseLawText(source, { file, strict: true });
  const problems = [...mn.problems];
  const translated: Partial<Record<'kk' | 'en', LawText>> = {};
  for (const lang of ['kk', 'en'] as const) {
    const tr = options.translations?.[lang];
    if (!tr) continue;
    const parsed = parseLawText(tr.text, { file: tr.file, strict: false });
    problems.push(...parsed.problems);
    // Compared only when both texts are sound: otherwise one mistake would be reported twice.
    if (parsed.problems.length > 0 || mn.problems.length > 0) continue;
    const mismatches = compareStructure(mn.text, file, parsed.text, tr.file, tr.text.split(/\r?\n/).length);
    problems.push(...mismatches);
    if (mismatches.length === 0) translated[lang] = parsed.text;
  }
  if (problems.length > 0) throw new LawMarkdownError(problems);

  const { kk, en } = translated;
  const chapters = mn.text.chapters.map((c, i) => ({
    number: c.number,
    title: localized(c.title, kk?.chapters[i]?.title, en?.chapters[i]?.title),
    articles: [...c.articles],
  }));
  const articles = mn.text.articles.map((a, ai): LawArticle => {
    const k = kk?.articles[ai];
    const e = en?.articles[ai];
    return {
      id: `${lawId}.${a.number}`,
      lawId,
      number: a.number,
      chapter: a.chapter,
      title: localized(a.title, k?.title, e?.title),
      paragraphs: a.paragraphs.map((p, pi) => {
        const kp = k?.paragraphs[pi];
        const ep = e?.paragraphs[pi];
        return {
          number: p.number,
          text: localized(p.text, kp?.text, ep?.text),
          items: p.items.map((item, ii) => ({
            number: item.number,
            text: localized(item.text, kp?.items[ii]?.text, ep?.items[ii]?.text),
          })),
        };
      }),
      changedInVersion: version,
      earlier: [],
    };
  });
  return { chapters, articles, text: mn.text };
}

function localized(mn: string, kk: string | undefined, en: string | undefined): LocalizedText {
  return { mn, ...(kk ? { kk } : {}), ...(en ? { en } : {}) };
}

const list = (numbers: ReadonlyArray<string | number>) => (numbers.length === 0 ? 'none' : numbers.join(', '));

/** A translation must have exactly the chapters, articles, paragraphs and sub-paragraphs of the Mongolian text. */
function compareStructure(
  mn: LawText,
  mnFile: string,
  tr: LawText,
  trFile: string,
  trLastLine: number,
): LawMarkdownProblem[] {
  const problems: LawMarkdownProblem[] = [];
  const at = (line: number, message: string) => problems.push({ file: trFile, line, message });
  const chapterCount = Math.max(mn.chapters.length, tr.chapters.length);
  for (let i = 0; i < chapterCount; i++) {
    const m = mn.chapters[i];
    const t = tr.chapters[i];
    if (!t) {
      at(trLastLine, `chapter ${i + 1} is missing (${mnFile} has ${mn.chapters.length} chapters)`);
    } else if (!m) {
      at(t.line, `chapter ${i + 1} is not in ${mnFile} (it has ${mn.chapters.length} chapters)`);
    } else if (list(m.articles) !== list(t.articles)) {
      at(t.line, `chapter ${i + 1} holds articles ${list(t.articles)} here but ${list(m.articles)} in ${mnFile}`);
    }
  }
  const mnArticles = new Map(mn.articles.map((a) => [a.number, a]));
  for (const t of tr.articles) {
    const m = mnArticles.get(t.number);
    if (!m) continue; // reported with its chapter
    const mp = m.paragraphs.map((p) => p.number);
    const tp = t.paragraphs.map((p) => p.number);
    if (list(mp) !== list(tp)) {
      at(t.line, `article ${t.number} has paragraphs ${list(tp)} here but ${list(mp)} in ${mnFile}`);
      continue;
    }
    t.paragraphs.forEach((p, i) => {
      const mi = m.paragraphs[i]!.items.map((x) => x.number);
      const ti = p.items.map((x) => x.number);
      if (list(mi) !== list(ti)) {
        at(p.line, `paragraph ${p.number} has sub-paragraphs ${list(ti)} here but ${list(mi)} in ${mnFile}`);
      }
    });
  }
  return problems;
}

type TextOf = string | LocalizedText;
interface ArticleTextShape {
  title: TextOf;
  paragraphs: ReadonlyArray<{ number: string; text: TextOf; items: ReadonlyArray<{ number: string; text: TextOf }> }>;
}

/**
 * What "the article's text" means for `changedInVersion`: its Mongolian title and numbered
 * paragraphs. Translations and the chapter it sits in do not count: fixing a Kazakh word does
 * not make an article "changed in this version".
 */
export function articleTextKey(article: ArticleTextShape): string {
  const mn = (t: TextOf) => (typeof t === 'string' ? t : t.mn);
  return JSON.stringify([
    mn(article.title),
    article.paragraphs.map((p) => [p.number, mn(p.text), p.items.map((i) => [i.number, mn(i.text)])]),
  ]);
}
