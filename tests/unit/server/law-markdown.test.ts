import { describe, expect, it } from 'vitest';
import { lawArticleSchema, lawSchema } from '../../../src-shared/schemas/law.js';
import {
  LawMarkdownError,
  parseLawMarkdown,
  type LawMarkdownProblem,
  type ParseLawMarkdownOptions,
} from '../../../src-server/content/law-markdown.js';

const FILE = 'laws/test-law/text.md';

/** A good law; tests change one line (1-based) at a time. */
const GOOD = [
  '# НЭГДҮГЭЭР БҮЛЭГ', // 1
  '## Нийтлэг үндэслэл', // 2
  '', // 3
  '### 1 дүгээр зүйл.Хуулийн зорилго', // 4
  '1.1.Энэ хуулийн зорилго нь', // 5
  'иргэдийн оролцоог нэмэгдүүлэхэд оршино.', // 6
  '', // 7
  '### 2 дугаар зүйл.Нэр томьёо', // 8
  '2.1.Дараах нэр томьёог ойлгоно:', // 9
  '2.1.1."өргөдөл" гэж хүсэлтийг;', // 10
  '2.1.2."гомдол" гэж', // 11
  '   эрх сэргээлгэх   хүсэлтийг.', // 12
  '2.2.Бусад нэр томьёо.', // 13
  '', // 14
  '# ХОЁРДУГААР БҮЛЭГ', // 15
  '## Хугацаа', // 16
  '', // 17
  '### 3 дугаар зүйл.Шийдвэрлэх хугацаа', // 18
  '3.1.Өргөдлийг 30 хоногт шийдвэрлэнэ.', // 19
];

const KK = [
  '# БІРІНШІ ТАРАУ',
  '## Жалпы ережелер',
  '### 1-бап. Заңның мақсаты',
  '1.1.Заңның мақсаты —',
  'азаматтардың қатысуын арттыру.',
  '### 2-бап. Терминдер',
  '2.1.Мына терминдер:',
  '2.1.1."өтініш" — сұраныс;',
  '2.1.2."шағым" — құқықты қалпына келтіру.',
  '2.2.Басқа терминдер.',
  '# ЕКІНШІ ТАРАУ',
  '## Мерзім',
  '### 3-бап. Шешу мерзімі',
  '3.1.Өтініш 30 күнде шешіледі.',
];

const EN = [
  '# CHAPTER ONE',
  '## General provisions',
  '### Article 1. Purpose',
  '1.1.The purpose of this law is to increase participation.',
  '### Article 2. Terms',
  '2.1.The following terms:',
  '2.1.1."petition" means a request;',
  '2.1.2."complaint" means a request to restore a right.',
  '2.2.Other terms.',
  '# CHAPTER TWO',
  '## Time limits',
  '### Article 3. Time limit',
  '3.1.A petition is decided within 30 days.',
];

const options: ParseLawMarkdownOptions = { file: FILE, lawId: 'test-law', version: 2 };

/** GOOD with line `n` (1-based) replaced by `lines` (none: deleted). */
function edit(n: number, ...lines: string[]): string {
  const copy = [...GOOD];
  copy.splice(n - 1, 1, ...lines);
  return copy.join('\n');
}

function problemsOf(text: string, opts: ParseLawMarkdownOptions = options): LawMarkdownProblem[] {
  try {
    parseLawMarkdown(text, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(LawMarkdownError);
    return [...(err as LawMarkdownError).problems];
  }
  throw new Error('expected the text to be refused');
}

const problem = (line: number, message: string, file = FILE) => ({
  file,
  line,
  message: expect.stringContaining(message) as unknown as string,
});

describe('parseLawMarkdown: a good law', () => {
  const law = parseLawMarkdown(GOOD.join('\n'), options);

  it('reads chapters with their titles and article numbers', () => {
    expect(law.chapters).toEqual([
      { number: 1, title: { mn: 'Нийтлэг үндэслэл' }, articles: [1, 2] },
      { number: 2, title: { mn: 'Хугацаа' }, articles: [3] },
    ]);
  });

  it('reads articles, paragraphs and sub-paragraphs, joining continuation lines', () => {
    expect(law.articles.map((a) => [a.id, a.number, a.chapter, a.title.mn, a.changedInVersion])).toEqual([
      ['test-law.1', 1, 1, 'Хуулийн зорилго', 2],
      ['test-law.2', 2, 1, 'Нэр томьёо', 2],
      ['test-law.3', 3, 2, 'Шийдвэрлэх хугацаа', 2],
    ]);
    expect(law.articles[0]!.paragraphs).toEqual([
      { number: '1.1', text: { mn: 'Энэ хуулийн зорилго нь иргэдийн оролцоог нэмэгдүүлэхэд оршино.' }, items: [] },
    ]);
    expect(law.articles[1]!.paragraphs).toEqual([
      {
        number: '2.1',
        text: { mn: 'Дараах нэр томьёог ойлгоно:' },
        items: [
          { number: '2.1.1', text: { mn: '"өргөдөл" гэж хүсэлтийг;' } },
          { number: '2.1.2', text: { mn: '"гомдол" гэж эрх сэргээлгэх хүсэлтийг.' } },
        ],
      },
      { number: '2.2', text: { mn: 'Бусад нэр томьёо.' }, items: [] },
    ]);
    expect(law.text.articles.map((a) => a.line)).toEqual([4, 8, 18]);
  });

  it('makes entities the shared schemas accept', () => {
    for (const article of law.articles) expect(() => lawArticleSchema.parse(article)).not.toThrow();
    const meta = {
      id: 'test-law',
      version: 2,
      title: { mn: 'Туршилт' },
      initiator: { mn: 'Засгийн газар' },
      stage: 'drafting',
      commentWindow: { opens: '2026-11-01', closes: '2026-12-01' },
      summary: { mn: 'Товч' },
    };
    expect(() => lawSchema.parse({ ...meta, chapters: law.chapters })).not.toThrow();
  });

  it('accepts Windows line endings, a byte-order mark and trailing spaces', () => {
    const crlf = parseLawMarkdown(`\uFEFF${GOOD.map((l) => `${l}  `).join('\r\n')}\r\n`, options);
    expect(crlf.articles).toEqual(law.articles);
  });

  it('fills kk and en from the translations, titles from their headings', () => {
    const full = parseLawMarkdown(GOOD.join('\n'), {
      ...options,
      translations: {
        kk: { file: 'laws/test-law/text.kk.md', text: KK.join('\n') },
        en: { file: 'laws/test-law/text.en.md', text: EN.join('\n') },
      },
    });
    expect(full.chapters[1]!.title).toEqual({ mn: 'Хугацаа', kk: 'Мерзім', en: 'Time limits' });
    expect(full.articles[0]!.title).toEqual({ mn: 'Хуулийн зорилго', kk: 'Заңның мақсаты', en: 'Purpose' });
    expect(full.articles[0]!.paragraphs[0]!.text).toEqual({
      mn: 'Энэ хуулийн зорилго нь иргэдийн оролцоог нэмэгдүүлэхэд оршино.',
      kk: 'Заңның мақсаты — азаматтардың қатысуын арттыру.',
      en: 'The purpose of this law is to increase participation.',
    });
    expect(full.articles[1]!.paragraphs[0]!.items[1]!.text.en).toBe('"complaint" means a request to restore a right.');
  });
});

describe('parseLawMarkdown: every problem, with its line', () => {
  it.each([
    [
      'a wrong ordinal word',
      edit(15, '# ХОЁРДУГАР БҮЛЭГ'),
      [problem(15, 'wrong ordinal word "ХОЁРДУГАР": chapter 2 is "ХОЁРДУГААР БҮЛЭГ"')],
    ],
    [
      'a chapter number that skips one',
      edit(15, '# ГУРАВДУГААР БҮЛЭГ'),
      [problem(15, 'chapter numbering gap: "ГУРАВДУГААР" is 3, but chapter 2 ("ХОЁРДУГААР БҮЛЭГ") comes next')],
    ],
    [
      'a repeated chapter number',
      edit(15, '# НЭГДҮГЭЭР БҮЛЭГ'),
      [problem(15, 'chapter number repeats or goes back: "НЭГДҮГЭЭР" is 1')],
    ],
    ['a chapter heading without БҮЛЭГ', edit(15, '# ХОЁРДУГААР'), [problem(15, 'must be "# <ORDINAL> БҮЛЭГ"')]],
    [
      'the wrong suffix (2 дүгээр)',
      edit(8, '### 2 дүгээр зүйл.Нэр томьёо'),
      [problem(8, 'wrong suffix: "2 дүгээр зүйл" must be "2 дугаар зүйл"')],
    ],
    [
      'the wrong suffix (1 дугаар)',
      edit(4, '### 1 дугаар зүйл.Хуулийн зорилго'),
      [problem(4, 'wrong suffix: "1 дугаар зүйл" must be "1 дүгээр зүйл"')],
    ],
    [
      'a misspelt suffix',
      edit(8, '### 2 дугар зүйл.Нэр томьёо'),
      [problem(8, 'wrong suffix "дугар": article 2 is "2 дугаар зүйл"')],
    ],
    [
      'a gap in article numbers',
      edit(18, '### 4 дүгээр зүйл.Шийдвэрлэх хугацаа', '4.1.Өргөдлийг 30 хоногт шийдвэрлэнэ.').replace(
        /\n3\.1\..*$/,
        '',
      ),
      [problem(18, 'article numbering gap: expected article 3, found 4')],
    ],
    [
      'a repeated article',
      edit(18, '### 2 дугаар зүйл.Дахин', '2.1.Текст.').replace(/\n3\.1\..*$/, ''),
      [problem(18, 'article 2 repeats or goes back: article 3 comes next')],
    ],
    [
      'a paragraph of another article',
      edit(13, '3.2.Бусад нэр томьёо.'),
      [problem(13, 'paragraph 3.2 does not belong to article 2')],
    ],
    [
      'a sub-paragraph of another article',
      edit(11, '1.1.2."гомдол" гэж'),
      [problem(11, 'sub-paragraph 1.1.2 does not belong to article 2')],
    ],
    [
      'a sub-paragraph of another paragraph',
      edit(13, '2.2.Бусад нэр томьёо.', '2.1.3.Хожуу заалт.'),
      [problem(14, 'sub-paragraph 2.1.3 does not belong to paragraph 2.2')],
    ],
    ['a gap in paragraph numbers', edit(13, '2.3.Бусад нэр томьёо.'), [problem(13, 'expected 2.2, found 2.3')]],
    ['a repeated paragraph', edit(13, '2.1.Бусад нэр томьёо.'), [problem(13, 'paragraph 2.1 repeats or goes back')]],
    ['a gap in sub-paragraphs', edit(11, '2.1.3."гомдол" гэж'), [problem(11, 'expected 2.1.2, found 2.1.3')]],
    [
      'text before the first chapter',
      ['Оршил', 'үг', ...GOOD].join('\n'),
      [problem(1, 'text before the first chapter')],
    ],
    [
      'a chapter without articles',
      edit(15, '# ХОЁРДУГААР БҮЛЭГ', '## Хоосон', '# ГУРАВДУГААР БҮЛЭГ'),
      [problem(15, 'chapter 2 has no articles')],
    ],
    [
      'a chapter at the end without articles',
      [...GOOD, '# ГУРАВДУГААР БҮЛЭГ', '## Төгсгөл'].join('\n'),
      [problem(20, 'chapter 3 has no articles')],
    ],
    [
      'an article outside a chapter',
      ['### 1 дүгээр зүйл.Зорилго', '1.1.Текст.', ...GOOD].join('\n'),
      [problem(1, 'article 1 is outside a chapter'), problem(6, 'article 1 repeats or goes back')],
    ],
    ['a chapter heading without its title', edit(16, ''), [problem(18, 'must be followed by its title')]],
    ['a chapter title out of place', edit(17, '## Илүү гарчиг'), [problem(17, 'belongs on the line right after')]],
    ['a fourth-level heading', edit(7, '#### Дэд гарчиг'), [problem(7, 'only "#" (chapter)')]],
    ['an article without paragraphs', edit(19), [problem(18, 'article 3 has no paragraphs')]],
    [
      'text before the first paragraph',
      edit(5, 'Зорилго нь', '1.1.Энэ хуулийн зорилго нь'),
      [problem(5, 'text before its first paragraph "1.1."')],
    ],
    [
      'text between chapter title and article',
      edit(17, 'Сул текст'),
      [problem(17, 'text outside an article in chapter 2')],
    ],
    [
      'a line starting with a number that is no paragraph',
      edit(12, '2026 онд эрх сэргээлгэх хүсэлтийг.'),
      [problem(12, 'a line starting with a number must be a paragraph "n.k."')],
    ],
    ['a paragraph without text', edit(13, '2.2.'), [problem(13, 'paragraph 2.2 has no text')]],
    ['an article without a title', edit(18, '### 3 дугаар зүйл.'), [problem(18, 'article 3 has no title')]],
    ['an empty text', '', [problem(1, 'no chapters')]],
  ])('%s', (_name, text, expected) => {
    expect(problemsOf(text)).toEqual(expected);
  });

  it('reports every problem at once, in line order', () => {
    const text = edit(8, '### 2 дүгээр зүйл.Нэр томьёо')
      .replace('# ХОЁРДУГААР БҮЛЭГ', '# ХОЁРДУГАР БҮЛЭГ')
      .replace('2.2.Бусад', '3.2.Бусад');
    expect(problemsOf(text).map((p) => p.line)).toEqual([8, 13, 15]);
  });

  describe('translations', () => {
    const withTranslation = (lang: 'kk' | 'en', lines: string[]) =>
      problemsOf(GOOD.join('\n'), {
        ...options,
        translations: { [lang]: { file: `laws/test-law/text.${lang}.md`, text: lines.join('\n') } },
      });

    it('refuses different paragraph numbers, naming the translation line', () => {
      const en = EN.map((l) => (l.startsWith('2.2.') ? '2.3.Other terms.' : l));
      expect(withTranslation('en', en)).toEqual([problem(9, 'expected 2.2, found 2.3', 'laws/test-law/text.en.md')]);
    });

    it('refuses a missing sub-paragraph', () => {
      const kk = KK.filter((l) => !l.startsWith('2.1.2.'));
      expect(withTranslation('kk', kk)).toEqual([
        problem(7, 'paragraph 2.1 has sub-paragraphs 2.1.1 here but 2.1.1, 2.1.2 in', 'laws/test-law/text.kk.md'),
      ]);
    });

    it('refuses an article in another chapter', () => {
      const kk = [...KK.slice(0, 5), '# ЕКІНШІ ТАРАУ', '## Мерзім', ...KK.slice(5, 10), ...KK.slice(12)];
      expect(withTranslation('kk', kk)).toEqual([
        problem(1, 'chapter 1 holds articles 1 here but 1, 2 in', 'laws/test-law/text.kk.md'),
        problem(6, 'chapter 2 holds articles 2, 3 here but 3 in', 'laws/test-law/text.kk.md'),
      ]);
    });

    it('refuses a missing chapter', () => {
      expect(withTranslation('en', EN.slice(0, 9))).toEqual([
        problem(9, 'chapter 2 is missing', 'laws/test-law/text.en.md'),
      ]);
    });

    it('still checks numbering and structure, but not Mongolian ordinals', () => {
      const en = EN.map((l) => l.replace('Article 3.', 'Article 4.').replace(/^3\.1\./, '4.1.'));
      expect(withTranslation('en', en)).toEqual([
        problem(12, 'article numbering gap: expected article 3, found 4', 'laws/test-law/text.en.md'),
      ]);
    });
  });
});
