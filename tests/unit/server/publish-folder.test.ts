import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lawArticleSchema } from '../../../src-shared/schemas/law.js';
import { ContentFolderError, loadContentFolder } from '../../../src-server/content/content-folder.js';
import { ContentRejectedError, publishContentFolder } from '../../../src-server/content/publish.js';
import { copyFixtureContent, type ContentFolderCopy } from './content-fixture.js';
import { countRows, FIXTURE_CHANGE_COUNT, openTestDatabase, type TestDatabase } from './helpers.js';

describe('publishContentFolder', () => {
  let t: TestDatabase;
  let copy: ContentFolderCopy;
  beforeEach(async () => {
    t = await openTestDatabase();
    copy = await copyFixtureContent();
  });
  afterEach(async () => {
    await t.cleanup();
    await copy.cleanup();
  });

  const publish = async () => publishContentFolder(t.db, await loadContentFolder(copy.dir));

  async function articleVersions(): Promise<Record<string, number>> {
    const rows = await t.db.selectFrom('content_current').select('data').where('type', '=', 'law-article').execute();
    const articles = rows.map((r) => lawArticleSchema.parse(JSON.parse(r.data)));
    return Object.fromEntries(articles.map((a) => [a.id, a.changedInVersion]));
  }

  it('publishes everything once, then nothing when unchanged', async () => {
    const first = await publish();
    expect(first).toMatchObject({ put: FIXTURE_CHANGE_COUNT, withdrawn: 0, unchanged: 0 });
    expect(first.published.map((c) => c.seq)).toEqual(Array.from({ length: FIXTURE_CHANGE_COUNT }, (_, i) => i + 1));
    const again = await publish();
    expect(again).toEqual({
      published: [],
      skipped: FIXTURE_CHANGE_COUNT,
      put: 0,
      withdrawn: 0,
      unchanged: FIXTURE_CHANGE_COUNT,
    });
    expect(await countRows(t.db, 'content_changes')).toBe(FIXTURE_CHANGE_COUNT);
  });

  it('withdraws what the folder no longer has, with tombstones', async () => {
    await publish();
    await copy.editJson<Array<{ id: string }>>('services.json', (s) =>
      s.filter((x) => x.id !== 'social-insurance-statement'),
    );
    await copy.editJson<Array<{ id: string }>>('places.json', (p) => p.filter((x) => x.id !== '65'));
    const result = await publish();
    expect(result).toMatchObject({ put: 0, withdrawn: 2, unchanged: FIXTURE_CHANGE_COUNT - 2 });
    expect(result.published).toEqual([
      { seq: FIXTURE_CHANGE_COUNT + 1, type: 'place', id: '65', op: 'delete' },
      { seq: FIXTURE_CHANGE_COUNT + 2, type: 'service', id: 'social-insurance-statement', op: 'delete' },
    ]);
    const current = await t.db
      .selectFrom('content_current')
      .select('entity_id')
      .where('entity_id', 'in', ['social-insurance-statement', '65'])
      .execute();
    expect(current).toEqual([]);
    expect((await publish()).published).toEqual([]);
  });

  it('withdraws a whole law: its articles first, then the law', async () => {
    await publish();
    await copy.remove('laws/test-law');
    const result = await publish();
    expect(result.published.map((c) => `${c.op} ${c.type} ${c.id}`)).toEqual([
      'delete law-article test-law.1',
      'delete law-article test-law.2',
      'delete law-article test-law.3',
      'delete law-article test-law.4',
      'delete law test-law',
    ]);
  });

  it('publishes one law-article change for a one-article edit, dated with the law version', async () => {
    await publish();
    expect(await articleVersions()).toEqual({ 'test-law.1': 1, 'test-law.2': 1, 'test-law.3': 2, 'test-law.4': 1 });
    await copy.replace('laws/test-law/text.md', 'дагаж мөрдөнө.', 'дагаж мөрдөнө. Шинэ өгүүлбэр.');
    const result = await publish();
    expect(result.published).toHaveLength(1);
    expect(result.published[0]).toMatchObject({ op: 'put', type: 'law-article', id: 'test-law.4' });
    expect(await articleVersions()).toEqual({ 'test-law.1': 1, 'test-law.2': 1, 'test-law.3': 2, 'test-law.4': 2 });
  });

  it('keeps changedInVersion for unchanged articles when the law moves to a new version', async () => {
    await publish();
    await copy.editJson<{ version: number; changelog: unknown[] }>('laws/test-law/meta.json', (meta) => {
      meta.version = 3;
      meta.changelog.push({ version: 3, date: '2026-11-20', note: { mn: 'Засвар' } });
    });
    await copy.write('laws/test-law/history/v2.md', await copy.read('laws/test-law/text.md'));
    // Only the law entity changes: the articles' texts are the same.
    const bump = await publish();
    expect(bump.published.map((c) => `${c.type} ${c.id}`)).toEqual(['law test-law']);
    expect(await articleVersions()).toEqual({ 'test-law.1': 1, 'test-law.2': 1, 'test-law.3': 2, 'test-law.4': 1 });
    // Version 3 changes article 1.
    await copy.replace('laws/test-law/text.md', 'журмыг тогтооход', 'журам, хугацааг тогтооход');
    const edit = await publish();
    expect(edit.published.map((c) => `${c.type} ${c.id}`)).toEqual(['law-article test-law.1']);
    expect(await articleVersions()).toEqual({ 'test-law.1': 3, 'test-law.2': 1, 'test-law.3': 2, 'test-law.4': 1 });
  });

  it('keeps changedInVersion when only a translation changes', async () => {
    await publish();
    await copy.replace('laws/test-law/text.en.md', 'Time limit', 'Deadline');
    const result = await publish();
    expect(result.published.map((c) => `${c.type} ${c.id}`)).toEqual(['law-article test-law.3']);
    expect((await articleVersions())['test-law.3']).toBe(2);
  });

  it('republishes the law when an article is added (its chapters change)', async () => {
    await publish();
    const text = await copy.read('laws/test-law/text.md');
    await copy.write('laws/test-law/text.md', `${text}\n### 5 дугаар зүйл.Нэмэлт\n5.1.Нэмэлт заалт.\n`);
    const en = await copy.read('laws/test-law/text.en.md');
    await copy.write('laws/test-law/text.en.md', `${en}\n### Article 5. Addition\n5.1.An added rule.\n`);
    const kk = await copy.read('laws/test-law/text.kk.md');
    await copy.write('laws/test-law/text.kk.md', `${kk}\n### 5-бап. Қосымша\n5.1.Қосымша ереже.\n`);
    const result = await publish();
    expect(result.published.map((c) => `${c.type} ${c.id}`)).toEqual(['law test-law', 'law-article test-law.5']);
    expect((await articleVersions())['test-law.5']).toBe(2);
  });

  it('publishes nothing when the folder is refused, or the database refuses a change', async () => {
    await publish();
    await copy.editJson<Array<Record<string, unknown>>>('services.json', (s) => {
      s[0]!.category = 'gone';
    });
    await expect(loadContentFolder(copy.dir)).rejects.toBeInstanceOf(ContentFolderError);

    // A form changed without a new version passes the folder check but not the publish.
    await copy.editJson<Array<Record<string, unknown>>>('services.json', (s) => {
      s[0]!.category = 'civil-registration';
      s[1]!.feeMnt = 1234;
    });
    await copy.editJson<Array<{ title: { mn: string } }>>('forms.json', (f) => {
      f[0]!.title.mn = 'Өөр гарчиг';
    });
    const before = await countRows(t.db, 'content_changes');
    await expect(publish()).rejects.toThrow(ContentRejectedError);
    await expect(publish()).rejects.toThrow(/already published with different content/);
    expect(await countRows(t.db, 'content_changes')).toBe(before);
  });
});
