import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadContentFolder } from '../../../src-server/content/content-folder.js';
import { seedDemoContent } from '../../../src-server/content/demo-seed.js';
import { ContentRejectedError, publishChanges, type ContentChangeInput } from '../../../src-server/content/publish.js';
import {
  countRows,
  FIXTURE_CHANGE_COUNT as DEMO_CHANGE_COUNT,
  FIXTURE_CONTENT_DIR,
  openTestDatabase,
  type TestDatabase,
} from './helpers.js';

/** The fixture folder as plain puts. */
async function loadDemoContent(): Promise<ContentChangeInput[]> {
  return (await loadContentFolder(FIXTURE_CONTENT_DIR)).map((e) => ({ op: 'put', type: e.type, data: e.data }));
}

const title = { mn: 'Туршилт', kk: 'Сынақ', en: 'Test' };
const category = { id: 'test-category', title };
const service = (overrides: Record<string, unknown> = {}) => ({
  id: 'test-service',
  category: 'test-category',
  agency: title,
  title,
  description: title,
  feeMnt: 0,
  processingTime: title,
  whereToApply: title,
  ...overrides,
});

describe('publishChanges', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await openTestDatabase();
    await seedDemoContent(t.db, FIXTURE_CONTENT_DIR);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('assigns consecutive sequence numbers after the existing ones', async () => {
    const result = await publishChanges(t.db, [
      { op: 'put', type: 'category', data: category },
      { op: 'put', type: 'service', data: service() },
    ]);
    expect(result.published.map((c) => c.seq)).toEqual([DEMO_CHANGE_COUNT + 1, DEMO_CHANGE_COUNT + 2]);
    expect(result.skipped).toBe(0);
  });

  it('publishes only the entity that changed', async () => {
    const demo = await loadDemoContent();
    const changed = demo.map((c) =>
      c.op === 'put' && c.type === 'service' && (c.data as { id: string }).id === 'migration-registration'
        ? { ...c, data: { ...(c.data as object), feeMnt: 3000 } }
        : c,
    );
    const result = await publishChanges(t.db, changed);
    expect(result.published).toHaveLength(1);
    expect(result.published[0]).toMatchObject({ type: 'service', id: 'migration-registration', op: 'put' });
    expect(result.skipped).toBe(DEMO_CHANGE_COUNT - 1);
  });

  it('refuses a batch with an invalid entity and publishes none of it', async () => {
    const before = await countRows(t.db, 'content_changes');
    const bad = service({ title: { kk: 'тек қазақша' }, feeMnt: -5 });
    const attempt = publishChanges(t.db, [
      { op: 'put', type: 'category', data: category },
      { op: 'put', type: 'service', data: bad },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(ContentRejectedError);
    await expect(attempt).rejects.toThrow(/changes\.1 \(service "test-service"\): .*title\.mn.*feeMnt/);
    expect(await countRows(t.db, 'content_changes')).toBe(before);
  });

  it('refuses a service whose form does not exist, rolling back the whole batch', async () => {
    const before = await countRows(t.db, 'content_changes');
    const attempt = publishChanges(t.db, [
      { op: 'put', type: 'category', data: category },
      { op: 'put', type: 'service', data: service({ formId: 'no-such-form' }) },
    ]);
    await expect(attempt).rejects.toThrow(/form "no-such-form" does not exist/);
    expect(await countRows(t.db, 'content_changes')).toBe(before);
    const current = await t.db
      .selectFrom('content_current')
      .selectAll()
      .where('entity_id', '=', 'test-category')
      .execute();
    expect(current).toEqual([]);
  });

  it('refuses deleting a form a service still uses', async () => {
    await expect(
      publishChanges(t.db, [{ op: 'delete', type: 'form', id: 'residence-address-request' }]),
    ).rejects.toThrow(/service "residence-address-reference": form "residence-address-request" does not exist/);
  });

  it('writes a delete as a tombstone and skips deleting what is not there', async () => {
    const result = await publishChanges(t.db, [
      { op: 'delete', type: 'service', id: 'criminal-record-certificate' },
      { op: 'delete', type: 'service', id: 'never-existed' },
    ]);
    expect(result.skipped).toBe(1);
    expect(result.published).toEqual([
      { seq: DEMO_CHANGE_COUNT + 1, type: 'service', id: 'criminal-record-certificate', op: 'delete' },
    ]);
  });

  it('keeps published form versions immutable but accepts a new version', async () => {
    const demo = await loadDemoContent();
    const form = demo.find((c) => c.op === 'put' && c.type === 'form')!;
    const data = (form as { data: { fields: unknown[]; version: number } }).data;
    const edited = { ...data, fields: data.fields.slice(0, 3) };
    await expect(publishChanges(t.db, [{ op: 'put', type: 'form', data: edited }])).rejects.toThrow(
      /already published with different content/,
    );
    const v2 = await publishChanges(t.db, [{ op: 'put', type: 'form', data: { ...edited, version: 2 } }]);
    expect(v2.published).toHaveLength(1);
    const versions = await t.db
      .selectFrom('form_versions')
      .select('version')
      .where('form_id', '=', 'residence-address-request')
      .execute();
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
  });
});
