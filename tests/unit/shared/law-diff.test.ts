import { describe, expect, it } from 'vitest';
import { articleTextAt, diffLawVersions } from '../../../src-shared/law-diff.js';
import { lawArticleSchema, lawSchema, type Law, type LawArticle } from '../../../src-shared/schemas/law.js';
import { loadContentFolder } from '../../../src-server/content/content-folder.js';
import { DEMO_CONTENT_DIR } from '../../../src-server/content/demo-seed.js';

/** The demo laws exactly as `npm run publish` would publish them (history read from history/v<N>.md). */
async function demoLaws(): Promise<Map<string, { law: Law; articles: LawArticle[] }>> {
  const entities = await loadContentFolder(DEMO_CONTENT_DIR);
  const laws = new Map<string, { law: Law; articles: LawArticle[] }>();
  for (const e of entities.filter((x) => x.type === 'law')) {
    const law = lawSchema.parse(e.data);
    laws.set(law.id, { law, articles: [] });
  }
  for (const e of entities.filter((x) => x.type === 'law-article')) {
    const article = lawArticleSchema.parse(e.data);
    laws.get(article.lawId)!.articles.push(article);
  }
  return laws;
}

describe('diffLawVersions on the real demo laws', async () => {
  const laws = await demoLaws();
  const petitions = laws.get('petitions-law')!;

  it('petitions-law v1 → v2 reports exactly the articles its changelog names: 18, 22, 50, 51, 110', () => {
    const changes = diffLawVersions(petitions.law, petitions.articles, 1, 2);
    expect(changes.map((c) => [c.number, c.kind])).toEqual([
      [18, 'changed'],
      [22, 'changed'],
      [50, 'changed'],
      [51, 'changed'],
      [110, 'changed'],
    ]);
    const note = petitions.law.changelog.find((c) => c.version === 2)!.note.mn;
    for (const c of changes) expect(note).toContain(String(c.number));
  });

  it('says paragraph by paragraph what changed, with the Mongolian texts before and after', () => {
    const changes = diffLawVersions(petitions.law, petitions.articles, 1, 2);
    const rows = (n: number) => changes.find((c) => c.number === n)!.paragraphs.map((p) => [p.number, p.kind]);
    expect(rows(18)).toEqual([
      ['18.1', 'changed'],
      ['18.2', 'changed'],
      ['18.3', 'same'],
    ]);
    expect(rows(22)).toEqual([
      ['22.1', 'changed'],
      ['22.2', 'changed'],
      ['22.3', 'added'],
    ]);
    expect(rows(50)).toEqual([
      ['50.1', 'changed'],
      ['50.2', 'changed'],
      ['50.3', 'same'],
    ]);
    expect(rows(51)).toEqual([
      ['51.1', 'changed'],
      ['51.2', 'same'],
    ]);
    expect(rows(110)).toEqual([
      ['110.1', 'changed'],
      ['110.2', 'added'],
    ]);
    const p51 = changes.find((c) => c.number === 51)!.paragraphs[0]!;
    expect(p51.before).toContain('30 хоногийн дотор');
    expect(p51.after).toContain('60 хоногийн дотор');
    const added = changes.find((c) => c.number === 110)!.paragraphs[1]!;
    expect(added.before).toBeUndefined();
    expect(added.after).toContain('2028 оны 1 дүгээр сарын 1');
    // The title is the current one, in every language it has; before/after carry whole texts.
    const c22 = changes.find((c) => c.number === 22)!;
    expect(c22.title).toEqual(petitions.articles.find((a) => a.number === 22)!.title);
    expect(c22.before?.paragraphs).toHaveLength(2);
    expect(c22.after?.paragraphs).toHaveLength(3);
  });

  it('the other direction reports the same articles, the added paragraphs as removed', () => {
    const back = diffLawVersions(petitions.law, petitions.articles, 2, 1);
    expect(back.map((c) => c.number)).toEqual([18, 22, 50, 51, 110]);
    expect(back.find((c) => c.number === 22)!.paragraphs.at(-1)).toMatchObject({ number: '22.3', kind: 'removed' });
  });

  it('keeps the earlier texts with the articles that changed and nowhere else', () => {
    const withEarlier = petitions.articles.filter((a) => a.earlier.length > 0).map((a) => a.number);
    expect(withEarlier.sort((a, b) => a - b)).toEqual([18, 22, 50, 51, 110]);
    for (const a of petitions.articles) {
      expect(a.changedInVersion, `article ${a.number}`).toBe(withEarlier.includes(a.number) ? 2 : 1);
      expect(articleTextAt(a, 2)?.paragraphs).toEqual(a.paragraphs);
    }
    expect(petitions.law.removedArticles).toEqual([]);
  });

  it('finds nothing between a version and itself, in any demo law', () => {
    for (const { law, articles } of laws.values()) {
      expect(diffLawVersions(law, articles, law.version, law.version), law.id).toEqual([]);
    }
  });

  it('refuses a version the law never had', () => {
    expect(() => diffLawVersions(petitions.law, petitions.articles, 1, 3)).toThrow(RangeError);
    expect(() => diffLawVersions(petitions.law, petitions.articles, 0, 2)).toThrow(/versions 1 to 2/);
  });
});

describe('diffLawVersions: added and removed articles', () => {
  const text = (mn: string) => ({ mn });
  const para = (number: string, mn: string, items: Array<[string, string]> = []) => ({
    number,
    text: text(mn),
    items: items.map(([n, t]) => ({ number: n, text: text(t) })),
  });
  const law = lawSchema.parse({
    id: 'x-law',
    version: 3,
    title: text('Туршилт'),
    initiator: text('Засгийн газар'),
    stage: 'drafting',
    commentWindow: { opens: '2026-01-01', closes: '2026-02-01' },
    summary: text('Товч'),
    chapters: [{ number: 1, title: text('Ерөнхий'), articles: [1, 2, 3] }],
    // Article 4 existed in v1 and v2 (changed between them), and is gone in v3.
    removedArticles: [
      { number: 4, version: 2, title: text('Хүчингүй'), paragraphs: [para('4.1', 'Хоёр дахь.')] },
      { number: 4, version: 1, title: text('Хүчингүй'), paragraphs: [para('4.1', 'Анхны.')] },
    ],
  });
  const article = (number: number, changedInVersion: number, earlier: LawArticle['earlier'] = []) =>
    lawArticleSchema.parse({
      id: `x-law.${number}`,
      lawId: 'x-law',
      number,
      chapter: 1,
      title: text(`Зүйл ${number}`),
      paragraphs: [para(`${number}.1`, 'Одоогийн.', [[`${number}.1.1`, 'Заалт.']])],
      changedInVersion,
      earlier,
    });
  const articles = [
    article(1, 1),
    // Changed in v3: its v1 and v2 texts are kept.
    article(2, 3, [
      { version: 2, title: text('Зүйл 2'), paragraphs: [para('2.1', 'Одоогийн.', [['2.1.1', 'Хуучин заалт.']])] },
      { version: 1, title: text('Зүйл 2'), paragraphs: [para('2.1', 'Одоогийн.', [['2.1.1', 'Хуучин заалт.']])] },
    ]),
    // Added in v2: no text in v1.
    article(3, 2),
  ];

  it('v1 → v3: added, changed (a sub-paragraph as its own row) and removed, by number', () => {
    const changes = diffLawVersions(law, articles, 1, 3);
    expect(changes.map((c) => [c.number, c.kind])).toEqual([
      [2, 'changed'],
      [3, 'added'],
      [4, 'removed'],
    ]);
    expect(changes[0]!.paragraphs).toEqual([
      { number: '2.1', kind: 'same', before: 'Одоогийн.', after: 'Одоогийн.' },
      { number: '2.1.1', kind: 'changed', before: 'Хуучин заалт.', after: 'Заалт.' },
    ]);
    expect(changes[1]).toMatchObject({ kind: 'added', title: text('Зүйл 3') });
    expect(changes[1]).not.toHaveProperty('before');
    expect(changes[1]!.paragraphs.map((p) => p.kind)).toEqual(['added', 'added']);
    expect(changes[2]).toMatchObject({ kind: 'removed', title: text('Хүчингүй') });
    expect(changes[2]).not.toHaveProperty('after');
    expect(changes[2]!.paragraphs).toEqual([{ number: '4.1', kind: 'removed', before: 'Анхны.' }]);
  });

  it('v1 → v2: the article added in v2 and the change of one removed later', () => {
    expect(diffLawVersions(law, articles, 1, 2).map((c) => [c.number, c.kind])).toEqual([
      [3, 'added'],
      [4, 'changed'],
    ]);
  });

  it('v2 → v3: the change and the removal only', () => {
    expect(diffLawVersions(law, articles, 2, 3).map((c) => [c.number, c.kind])).toEqual([
      [2, 'changed'],
      [4, 'removed'],
    ]);
  });

  it('ignores articles of another law', () => {
    const stray = lawArticleSchema.parse({ ...article(9, 3), id: 'y-law.9', lawId: 'y-law' });
    expect(diffLawVersions(law, [...articles, stray], 1, 3).map((c) => c.number)).toEqual([2, 3, 4]);
  });
});
