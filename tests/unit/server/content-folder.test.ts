import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffLawVersions } from '../../../src-shared/law-diff.js';
import { lawArticleSchema, lawSchema } from '../../../src-shared/schemas/law.js';
import {
  checkContentFolder,
  ContentFolderError,
  formatContentProblem,
  jsonSyntaxProblem,
  loadContentFolder,
  type ContentProblem,
} from '../../../src-server/content/content-folder.js';
import { copyFixtureContent, type ContentFolderCopy } from './content-fixture.js';
import { FIXTURE_CHANGE_COUNT, FIXTURE_CONTENT_DIR } from './helpers.js';

describe('loadContentFolder: the fixture folder', () => {
  it('gives every entity of every type, in publishing order', async () => {
    const entities = await loadContentFolder(FIXTURE_CONTENT_DIR);
    expect(entities).toHaveLength(FIXTURE_CHANGE_COUNT);
    const count = (type: string) => entities.filter((e) => e.type === type).length;
    expect([
      count('category'),
      count('form'),
      count('service'),
      count('petition-category'),
      count('place'),
      count('law'),
      count('law-article'),
    ]).toEqual([3, 3, 6, 5, 3, 1, 4]);
    const types = entities.map((e) => e.type);
    expect(types.indexOf('service')).toBeGreaterThan(types.lastIndexOf('category'));
    expect(types.indexOf('law-article')).toBeGreaterThan(types.indexOf('law'));
  });

  it('makes one law with its chapters and one entity per article, texts in three languages', async () => {
    const entities = await loadContentFolder(FIXTURE_CONTENT_DIR);
    const law = lawSchema.parse(entities.find((e) => e.type === 'law')?.data);
    expect(law).toMatchObject({ id: 'test-law', version: 2, stage: 'submitted' });
    expect(law.chapters.map((c) => [c.number, c.title.en, c.articles])).toEqual([
      [1, 'General provisions', [1, 2]],
      [2, 'Deciding petitions', [3, 4]],
    ]);
    const articles = entities.filter((e) => e.type === 'law-article').map((e) => lawArticleSchema.parse(e.data));
    expect(articles.map((a) => a.id)).toEqual(['test-law.1', 'test-law.2', 'test-law.3', 'test-law.4']);
    expect(articles[1]!.paragraphs[0]!.items[1]!.text).toEqual({
      mn: '"гомдол" гэж зөрчигдсөн эрхээ сэргээлгэх хүсэлтийг.',
      kk: '"шағым" деп бұзылған құқықты қалпына келтіру сұранысын.',
      en: '"complaint" means a request to restore a violated right.',
    });
  });

  it('dates each article by the history: changed in v2 only where v1 differs', async () => {
    const entities = await loadContentFolder(FIXTURE_CONTENT_DIR);
    const versions = entities
      .filter((e) => e.type === 'law-article')
      .map((e) => lawArticleSchema.parse(e.data))
      .map((a) => [a.number, a.changedInVersion]);
    expect(versions).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
      [4, 1],
    ]);
  });
});

describe('loadContentFolder: a bad folder', () => {
  let copy: ContentFolderCopy;
  beforeEach(async () => {
    copy = await copyFixtureContent();
  });
  afterEach(async () => {
    await copy.cleanup();
  });

  async function problems(): Promise<ContentProblem[]> {
    const error = await loadContentFolder(copy.dir).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ContentFolderError);
    return [...(error as ContentFolderError).problems];
  }

  /** The line of the first line of `file` from line `from` on that holds `text`. */
  async function lineOf(file: string, text: string, from = 1): Promise<number> {
    const index = (await copy.read(file)).split('\n').findIndex((l, i) => i + 1 >= from && l.includes(text));
    expect(index, `${file}: ${text}`).toBeGreaterThanOrEqual(0);
    return index + 1;
  }

  it('names every problem of every file at once', async () => {
    // 1. JSON syntax: a missing comma on line 3 of petition-categories.json.
    await copy.write('petition-categories.json', '[\n  { "id": "petition"\n    "title": {} }\n]\n');
    // 2. Schema: a field without its Mongolian label, and a negative fee.
    await copy.editJson<Array<{ fields: Array<{ label: Record<string, string> }> }>>('forms.json', (forms) => {
      delete forms[0]!.fields[1]!.label.mn;
    });
    // 3 and 4. A service in a category that does not exist, one with a form that does not exist.
    await copy.editJson<Array<Record<string, unknown>>>('services.json', (services) => {
      services[0]!.category = 'no-such-category';
      services[2]!.formId = 'no-such-form';
      services[3]!.feeMnt = -5;
      services[4]!.formID = 'typo';
    });
    // 5. A soum code of another aimag.
    await copy.editJson<Array<{ soums: Array<{ id: string }> }>>('places.json', (places) => {
      places[1]!.soums[1]!.id = '6504';
    });
    // 6. Bad Markdown: the wrong suffix and a paragraph of another article.
    await copy.replace('laws/test-law/text.md', '### 2 дугаар зүйл', '### 2 дүгээр зүйл');
    await copy.replace('laws/test-law/text.md', '3.2.Хугацааг', '4.2.Хугацааг');
    // 7. meta.json naming another law; 8. a stray history file; 9. an unknown top-level file.
    await copy.editJson<Record<string, unknown>>('laws/test-law/meta.json', (meta) => {
      meta.id = 'other-law';
    });
    await copy.write('laws/test-law/history/draft.md', '# НЭГДҮГЭЭР БҮЛЭГ\n');
    await copy.write('service.json', '[]');

    const found = await problems();
    const text = 'laws/test-law/text.md';
    expect(found).toEqual(
      expect.arrayContaining([
        { file: 'service.json', message: expect.stringContaining('unknown file') },
        { file: 'petition-categories.json', line: 3, message: expect.stringContaining('invalid JSON') },
        {
          file: 'forms.json',
          // The missing field's nearest line: the second field's "label".
          line: await lineOf(
            'forms.json',
            '"label"',
            (await lineOf('forms.json', '"label"', await lineOf('forms.json', '"fields"'))) + 1,
          ),
          path: '[0].fields[1].label.mn',
          message: expect.stringContaining('form "residence'),
        },
        {
          file: 'services.json',
          line: await lineOf('services.json', '"feeMnt": -5'),
          path: '[3].feeMnt',
          message: expect.stringContaining('service "social-insurance'),
        },
        {
          file: 'services.json',
          line: await lineOf('services.json', '"formID"'),
          path: '[4].formID',
          message: expect.stringContaining('unknown field'),
        },
        {
          file: 'services.json',
          line: await lineOf('services.json', '"no-such-category"'),
          path: '[0].category',
          message: 'category "no-such-category" is not in categories.json (service "birth-registration-reference")',
        },
        {
          file: 'services.json',
          line: await lineOf('services.json', '"no-such-form"'),
          path: '[2].formId',
          message: expect.stringContaining('form "no-such-form"'),
        },
        {
          file: 'places.json',
          line: await lineOf('places.json', '"6504"'),
          path: '[1].soums[1].id',
          message: expect.stringContaining('must start with'),
        },
        {
          file: text,
          line: await lineOf(text, '### 2 дүгээр зүйл'),
          message: expect.stringContaining('wrong suffix') as unknown as string,
        },
        {
          file: text,
          line: await lineOf(text, '4.2.Хугацааг'),
          message: expect.stringContaining('paragraph 4.2 does not belong to article 3') as unknown as string,
        },
        {
          file: 'laws/test-law/meta.json',
          line: await lineOf('laws/test-law/meta.json', '"other-law"'),
          path: 'id',
          message: expect.stringContaining('"test-law"'),
        },
        { file: 'laws/test-law/history/draft.md', message: expect.stringContaining('v<N>.md') },
      ]),
    );
    expect(found, found.map(formatContentProblem).join('\n')).toHaveLength(12);
    // Every problem reads as "file[:line]: [path: ]message".
    expect(found.map(formatContentProblem)).toContain(
      `services.json:${await lineOf('services.json', '"no-such-form"')}: [2].formId: ` +
        'form "no-such-form" is not in forms.json (service "residence-address-reference")',
    );
  });

  it('reports duplicate ids, a missing law text and a history version that is not earlier', async () => {
    await copy.editJson<Array<Record<string, unknown>>>('categories.json', (c) => [...c, { ...c[0] }]);
    await copy.remove('laws/test-law/text.md');
    await copy.write('laws/test-law/history/v2.md', await copy.read('laws/test-law/history/v1.md'));
    const found = await problems();
    expect(found).toEqual([
      {
        file: 'categories.json',
        line: await lineOf('categories.json', '"civil-registration"', 4),
        path: '[3].id',
        message: expect.stringContaining('duplicate id "civil-registration"'),
      },
      { file: 'laws/test-law/text.md', message: 'missing' },
      { file: 'laws/test-law/history/v2.md', message: expect.stringContaining('before the current one (2)') },
    ]);
  });

  it('checks translations against the Mongolian text', async () => {
    await copy.replace('laws/test-law/text.kk.md', /\n2\.2\.[^\n]*/, '');
    const found = await problems();
    expect(found).toEqual([
      {
        file: 'laws/test-law/text.kk.md',
        line: await lineOf('laws/test-law/text.kk.md', '### 2-бап'),
        message: expect.stringContaining('article 2 has paragraphs 2.1 here but 2.1, 2.2 in laws/test-law/text.md'),
      },
    ]);
  });

  it('checks meta.json field by field even when the text is broken', async () => {
    await copy.editJson<Record<string, unknown>>('laws/test-law/meta.json', (meta) => {
      meta.stage = 'voting';
      meta.chapters = [];
    });
    await copy.replace('laws/test-law/text.md', '# ХОЁРДУГААР БҮЛЭГ', '# ДӨРӨВДҮГЭЭР БҮЛЭГ');
    const found = await problems();
    expect(found.map((p) => [p.file, p.path ?? p.line])).toEqual(
      expect.arrayContaining([
        ['laws/test-law/meta.json', 'chapters'],
        ['laws/test-law/meta.json', 'stage'],
        ['laws/test-law/text.md', await lineOf('laws/test-law/text.md', 'ДӨРӨВДҮГЭЭР')],
      ]),
    );
    expect(found).toHaveLength(3);
  });

  it('treats a missing JSON file as no entities of that type, and a missing folder as a problem', async () => {
    await copy.remove('places.json');
    await copy.remove('laws');
    const { entities, problems: found } = await checkContentFolder(copy.dir);
    expect(found).toEqual([]);
    expect(entities.some((e) => e.type === 'place' || e.type.startsWith('law'))).toBe(false);
    const missing = await checkContentFolder(`${copy.dir}/nowhere`);
    expect(missing.problems[0]?.message).toContain('cannot read the content folder');
  });
});

describe('jsonSyntaxProblem', () => {
  it('turns a V8 position into a line and column', () => {
    expect(jsonSyntaxProblem('[\n  1,\n  x\n]', 'Unexpected token \'x\', "[\n  1,\n  x\n]" is not valid JSON')).toEqual(
      {
        line: 4,
        message: expect.stringContaining('invalid JSON') as unknown as string,
      },
    );
    expect(jsonSyntaxProblem('{\n"a": 1,\n}', 'Expected double-quoted property name in JSON at position 10')).toEqual({
      line: 3,
      message: 'invalid JSON (column 1): Expected double-quoted property name',
    });
  });
});

describe('loadContentFolder: a law’s history for "what changed"', () => {
  let copy: ContentFolderCopy;
  beforeEach(async () => {
    copy = await copyFixtureContent();
  });
  afterEach(async () => {
    await copy.cleanup();
  });

  async function law() {
    const entities = await loadContentFolder(copy.dir);
    return {
      law: lawSchema.parse(entities.find((e) => e.type === 'law')?.data),
      articles: entities.filter((e) => e.type === 'law-article').map((e) => lawArticleSchema.parse(e.data)),
    };
  }

  /** Version 3: article 1 reworded, article 4 dropped (chapter 2 keeps article 3). */
  async function versionThree() {
    await copy.write('laws/test-law/history/v2.md', await copy.read('laws/test-law/text.md'));
    await copy.editJson<{ version: number; changelog: unknown[] }>('laws/test-law/meta.json', (meta) => {
      meta.version = 3;
      meta.changelog.push({ version: 3, date: '2026-11-20', note: { mn: 'Засвар' } });
    });
    for (const lang of ['', '.kk', '.en']) {
      const file = `laws/test-law/text${lang}.md`;
      await copy.write(file, (await copy.read(file)).replace(/\n###[^\n]*4[^\n]*\n[\s\S]*$/, '\n'));
    }
    await copy.replace('laws/test-law/text.md', 'журмыг тогтооход', 'журам, хугацааг тогтооход');
  }

  it('keeps each article’s earlier texts (Mongolian) and the articles no longer there', async () => {
    await versionThree();
    const { law: l, articles } = await law();
    const byNumber = new Map(articles.map((a) => [a.number, a]));
    expect(articles.map((a) => [a.number, a.changedInVersion, a.earlier.map((e) => e.version)])).toEqual([
      [1, 3, [2, 1]],
      [2, 1, []],
      [3, 2, [1]],
    ]);
    expect(byNumber.get(3)!.earlier[0]!.paragraphs[0]).toEqual({
      number: '3.1',
      text: { mn: 'Өргөдлийг 60 хоногийн дотор шийдвэрлэнэ.' },
      items: [],
    });
    expect(byNumber.get(1)!.earlier[0]!.title).toEqual({ mn: 'Хуулийн зорилго' });
    expect(l.removedArticles.map((r) => [r.number, r.version, r.title.mn])).toEqual([
      [4, 2, 'Хууль дагаж мөрдөх'],
      [4, 1, 'Хууль дагаж мөрдөх'],
    ]);
    expect(diffLawVersions(l, articles, 1, 3).map((c) => [c.number, c.kind])).toEqual([
      [1, 'changed'],
      [3, 'changed'],
      [4, 'removed'],
    ]);
    expect(diffLawVersions(l, articles, 2, 3).map((c) => c.number)).toEqual([1, 4]);
    expect(diffLawVersions(l, articles, 1, 2).map((c) => c.number)).toEqual([3]);
  });

  it('needs every earlier version in history/, and no removedArticles in meta.json', async () => {
    await versionThree();
    await copy.remove('laws/test-law/history/v1.md');
    await copy.editJson<Record<string, unknown>>('laws/test-law/meta.json', (meta) => {
      meta.removedArticles = [];
    });
    const { problems } = await checkContentFolder(copy.dir);
    expect(problems).toEqual([
      {
        file: 'laws/test-law/meta.json',
        line:
          (await copy.read('laws/test-law/meta.json')).split('\n').findIndex((l) => l.includes('"removedArticles"')) +
          1,
        path: 'removedArticles',
        message: expect.stringContaining('history/v<N>.md'),
      },
      { file: 'laws/test-law/history/v1.md', message: expect.stringContaining('missing: a law at version 3') },
    ]);
  });
});
