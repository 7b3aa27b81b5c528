import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  signedContentPageSchema,
  type ContentChange,
  type ContentPage,
  type ReceivedContentChange,
  type SignedContentPage,
} from '../../../src-shared/protocol.js';
import { openDatabase, type TsonkhDb } from '../../../src-renderer/data/db.js';
import { applyContentPage, applyDeferredContent, contentCursor } from '../../../src-renderer/data/content-repo.js';
import { getMeta } from '../../../src-renderer/data/meta.js';
import { ContentSearch } from '../../../src-renderer/search/content-search.js';
import { pullContent, type PageSource } from '../../../src-renderer/sync/content-sync.js';
import { ContentRejectedError, verifySignedPage } from '../../../src-renderer/sync/verify-page.js';
import { testSigner } from './signing.js';

const text = (mn: string) => ({ mn });
const service = (id: string, title = `Үйлчилгээ ${id}`) => ({
  id,
  category: 'civil',
  agency: text('Улсын бүртгэлийн ерөнхий газар'),
  title: text(title),
  description: text('Тайлбар'),
  documents: [],
  feeMnt: 0,
  processingTime: text('Тэр дор нь'),
  whereToApply: text('Сумын ЗДТГ'),
});
const put = (seq: number, id: string): ContentChange => ({ seq, type: 'service', id, op: 'put', data: service(id) });
const page = (after: number, changes: ContentChange[], more = false): ContentPage => ({
  after,
  changes,
  next: changes.at(-1)?.seq ?? after,
  more,
});

const signer = testSigner();
const dbs: TsonkhDb[] = [];
let n = 0;
afterEach(async () => {
  for (const d of dbs.splice(0)) {
    d.close();
    await d.delete();
  }
});

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ContentRejectedError) return e.reason;
    throw e;
  }
  return 'accepted';
}

describe('verifySignedPage', () => {
  const good = signer.signPage(page(0, [put(1, 'a'), put(2, 'b')]));

  it('accepts a page signed by the pinned key that continues from the cursor', async () => {
    await expect(verifySignedPage(good, signer.publicKey, 0)).resolves.toEqual(good.page);
  });

  it('refuses a page with one flipped byte anywhere in its content', async () => {
    const json = JSON.stringify(good.page);
    for (let i = 0; i < json.length; i += 7) {
      const flipped = json.slice(0, i) + String.fromCharCode(json.charCodeAt(i) ^ 1) + json.slice(i + 1);
      let parsed: ContentPage;
      try {
        parsed = JSON.parse(flipped);
      } catch {
        continue; // not JSON any more: refused before it gets here
      }
      if (JSON.stringify(parsed) === json) continue;
      expect(await rejection(verifySignedPage({ ...good, page: parsed }, signer.publicKey, 0)), `byte ${i}`).not.toBe(
        'accepted',
      );
    }
  });

  it('refuses a genuine page with a `__proto__` member injected into an entity', async () => {
    const text = JSON.stringify(good).replace('"data":{', '"data":{"__proto__":{"feeMnt":1},');
    const injected = signedContentPageSchema.parse(JSON.parse(text));
    expect(await rejection(verifySignedPage(injected, signer.publicKey, 0))).toBe('bad_signature');
  });

  it('refuses a page whose key id is not the pinned key, even with a good signature', async () => {
    expect(await rejection(verifySignedPage({ ...good, keyId: '0000000000000000' }, signer.publicKey, 0))).toBe(
      'bad_signature',
    );
  });

  it('during a change of keys, trusts the next key beside the current one, and only when pinned', async () => {
    const next = testSigner();
    const byNext = next.signPage(page(0, [put(1, 'a')]));
    expect(await rejection(verifySignedPage(byNext, signer.publicKey, 0))).toBe('bad_signature');
    await expect(verifySignedPage(byNext, [signer.publicKey, next.publicKey], 0)).resolves.toEqual(byNext.page);
    await expect(verifySignedPage(good, [signer.publicKey, next.publicKey], 0)).resolves.toEqual(good.page);
    // The next key's signature under the current key's id is still refused.
    expect(
      await rejection(verifySignedPage({ ...byNext, keyId: good.keyId }, [signer.publicKey, next.publicKey], 0)),
    ).toBe('bad_signature');
  });

  it('refuses a page signed by another key, and a corrupted signature', async () => {
    const other = testSigner().signPage(good.page);
    expect(await rejection(verifySignedPage(other, signer.publicKey, 0))).toBe('bad_signature');
    const sig = Buffer.from(good.signature, 'base64');
    sig[10]! ^= 0x40;
    expect(await rejection(verifySignedPage({ ...good, signature: sig.toString('base64') }, signer.publicKey, 0))).toBe(
      'bad_signature',
    );
  });

  it('refuses an older or replayed page: it must continue from this kiosk’s cursor', async () => {
    expect(await rejection(verifySignedPage(good, signer.publicKey, 2))).toBe('stale_page');
    expect(await rejection(verifySignedPage(good, signer.publicKey, 1))).toBe('stale_page');
  });
});

describe('pullContent', () => {
  function source(pages: SignedContentPage[]): PageSource {
    return async (after) => {
      const p = pages.find((x) => x.page.after === after);
      return p ? { signed: p, bytes: JSON.stringify(p).length } : null;
    };
  }

  it('applies pages in order and stops at the first refused page, writing nothing of it', async () => {
    const db = openDatabase(`pull-${++n}`);
    dbs.push(db);
    const tampered = signer.signPage(page(2, [put(3, 'c')], true));
    tampered.page = { ...tampered.page, changes: [{ ...tampered.page.changes[0]!, id: 'evil' }] };
    const pages = [signer.signPage(page(0, [put(1, 'a'), put(2, 'b')], true)), tampered];
    await expect(pullContent(db, source(pages), signer.publicKey, () => undefined)).rejects.toThrow(
      ContentRejectedError,
    );
    expect(await contentCursor(db)).toBe(2);
    expect((await db.services.toArray()).map((s) => s.id).sort()).toEqual(['a', 'b']);
  });

  it('deletes withdrawn entities (tombstones) and reports progress with totals', async () => {
    const db = openDatabase(`pull-${++n}`);
    dbs.push(db);
    const pages = [
      signer.signPage({ ...page(0, [put(1, 'a'), put(2, 'b')], true), latest: 3 }),
      signer.signPage({ ...page(2, [{ seq: 3, type: 'service', id: 'a', op: 'delete' }]), latest: 3 }),
    ];
    const seen: number[] = [];
    const done = await pullContent(db, source(pages), signer.publicKey, (_a, p) => seen.push(p.items));
    expect(seen).toEqual([2, 3]);
    expect(done.totalItems).toBe(3);
    expect((await db.services.toArray()).map((s) => s.id)).toEqual(['b']);
  });
});

describe('law comment counts', () => {
  const counts = (n: number) => ({
    id: 'petitions-law',
    lawId: 'petitions-law',
    updatedAt: '2026-12-01T04:00:00.000Z',
    total: { for: 0, against: n, neutral: 0 },
    whole: { for: 0, against: 0, neutral: 0 },
    articles: { '12': { for: 0, against: n, neutral: 0 } },
  });

  it('land in their own table (migration 0004), replaced as new counts arrive; search ignores them', async () => {
    const db = openDatabase(`counts-${++n}`);
    dbs.push(db);
    const put = (seq: number, k: number): ContentChange => ({
      seq,
      type: 'law-comment-counts',
      id: 'petitions-law',
      op: 'put',
      data: counts(k),
    });
    const applied = await applyContentPage(db, page(0, [put(1, 1)]));
    await applyContentPage(db, page(1, [put(2, 2)]));
    expect(await db.lawCommentCounts.toArray()).toEqual([counts(2)]);
    const search = new ContentSearch();
    search.apply(applied);
    expect(search.size).toBe(0);
  });

  it('keep counts this build cannot read aside, keep the counts it had, and move on', async () => {
    const db = openDatabase(`counts-${++n}`);
    dbs.push(db);
    const bad: ContentChange = {
      seq: 1,
      type: 'law-comment-counts',
      id: 'petitions-law',
      op: 'put',
      data: { ...counts(1), total: { for: -1, against: 0, neutral: 0 } },
    };
    await applyContentPage(db, page(0, [{ ...bad, data: counts(3) }]));
    expect(await applyContentPage(db, page(1, [{ ...bad, seq: 2 }]))).toEqual([]);
    expect(await contentCursor(db)).toBe(2);
    expect(await db.lawCommentCounts.toArray()).toEqual([counts(3)]);
    expect(await db.deferredContent.toArray()).toEqual([{ ...bad, seq: 2, unreadable: true }]);
  });
});

describe('content from a newer server', () => {
  const budget = (seq: number, id: string): ReceivedContentChange => ({
    seq,
    type: 'budget-line',
    id,
    op: 'put',
    data: { id, amountMnt: 80_000_000 },
  });

  it('a page with a type and a member this build does not know still verifies, and the cursor moves on', async () => {
    const db = openDatabase(`newer-${++n}`);
    dbs.push(db);
    const newer = {
      ...page(0, [put(1, 'a'), budget(2, 'b1') as ContentChange, put(3, 'c')]),
      validUntil: '2026-12-03',
    };
    // As the host receives it: parsed by the wire schema, then verified and applied.
    const received = signedContentPageSchema.parse(JSON.parse(JSON.stringify(signer.signPage(newer))));
    const verified = await verifySignedPage(received, signer.publicKey, 0);
    const applied = await applyContentPage(db, verified);
    expect(applied.map((c) => c.id)).toEqual(['a', 'c']);
    expect(await contentCursor(db)).toBe(3);
    expect(await db.services.count()).toBe(2);
    expect(await db.deferredContent.toArray()).toEqual([budget(2, 'b1')]);
  });

  it('what was kept aside is applied, in order, once the build knows its type', async () => {
    const db = openDatabase(`newer-${++n}`);
    dbs.push(db);
    // As an older build (one without law comment counts) would have kept them.
    const counts = (seq: number, against: number): ReceivedContentChange => ({
      seq,
      type: 'law-comment-counts',
      id: 'petitions-law',
      op: 'put',
      data: {
        id: 'petitions-law',
        lawId: 'petitions-law',
        updatedAt: '2026-12-01T04:00:00.000Z',
        total: { for: 0, against, neutral: 0 },
        whole: { for: 0, against: 0, neutral: 0 },
        articles: {},
      },
    });
    await db.deferredContent.bulkPut([counts(7, 2), budget(5, 'b1')]);
    const revived = await applyDeferredContent(db);
    expect(revived.map((c) => c.type)).toEqual(['law-comment-counts']);
    expect((await db.lawCommentCounts.get('petitions-law'))?.total.against).toBe(2);
    // The type still unknown stays aside; nothing is applied twice.
    expect(await db.deferredContent.toArray()).toEqual([budget(5, 'b1')]);
    expect(await applyDeferredContent(db)).toEqual([]);
  });
});

describe('members this build does not know', () => {
  const withHint = (seq: number, id: string): ContentChange => ({
    seq,
    type: 'service',
    id,
    op: 'put',
    data: { ...service(id), queueHint: { mn: 'Дугаараа аваарай' }, agency: { mn: 'ХУР', logo: 'xur.svg' } },
  });

  it('are applied with what the build knows, the change kept aside whole, and verified over every member', async () => {
    const db = openDatabase(`members-${++n}`);
    dbs.push(db);
    const received = signedContentPageSchema.parse(
      JSON.parse(JSON.stringify(signer.signPage(page(0, [withHint(1, 'a'), put(2, 'b')])))),
    );
    const applied = await applyContentPage(db, await verifySignedPage(received, signer.publicKey, 0));
    expect(applied.map((c) => c.id)).toEqual(['a', 'b']);
    const shown = await db.services.get('a');
    expect(shown?.agency).toEqual({ mn: 'ХУР' });
    expect(shown && 'queueHint' in shown).toBe(false);
    const [kept] = await db.deferredContent.toArray();
    expect(kept).toEqual({ ...withHint(1, 'a'), unknown: ['agency.logo', 'queueHint'] });
    // A member dropped from the page would not verify: the signature covers what was kept.
    const stripped = structuredClone(received);
    delete (stripped.page.changes[0]!.data as Record<string, unknown>).queueHint;
    expect(await rejection(verifySignedPage(stripped, signer.publicKey, 0))).toBe('bad_signature');
  });

  it('a later change the build reads whole clears what was kept; the same build never applies it twice', async () => {
    const db = openDatabase(`members-${++n}`);
    dbs.push(db);
    await applyContentPage(db, page(0, [withHint(1, 'a'), withHint(2, 'b')]));
    expect(await db.deferredContent.count()).toBe(2);
    expect(await applyDeferredContent(db)).toEqual([]);
    await applyContentPage(db, page(2, [put(3, 'a')]));
    expect((await db.deferredContent.toArray()).map((c) => c.id)).toEqual(['b']);
    // Within one page too, the newest change of an entity decides.
    await applyContentPage(db, page(3, [withHint(4, 'c'), put(5, 'c')]));
    expect((await db.deferredContent.toArray()).map((c) => c.id)).toEqual(['b']);
  });

  it('an updated build applies what an older one kept aside: members it knew nothing of, entities it could not read', async () => {
    const db = openDatabase(`members-${++n}`);
    dbs.push(db);
    // As an older build would have kept them: it lacked `processingTime` (so dropped it), and it
    // could not read a service without `whereToApply` (a member made optional later).
    const full = put(1, 'a');
    await db.services.put({ ...service('a', 'Хуучин'), processingTime: text('?') });
    await db.deferredContent.bulkPut([
      { ...full, unknown: ['processingTime'] },
      { ...put(2, 'b'), unreadable: true },
    ]);
    const revived = await applyDeferredContent(db);
    expect(revived.map((c) => c.id)).toEqual(['a', 'b']);
    expect((await db.services.get('a'))?.title).toEqual(text('Үйлчилгээ a'));
    expect(await db.services.get('b')).toBeDefined();
    expect(await db.deferredContent.count()).toBe(0);
  });
});

describe('a frozen kiosk', () => {
  it('refuses a genuine page made before one it has already applied, and remembers the newest signed time', async () => {
    const db = openDatabase(`frozen-${++n}`);
    dbs.push(db);
    const fresh = { ...page(0, [put(1, 'a')], true), latest: 5, signedAt: '2026-12-03T04:00:00.000Z' };
    await applyContentPage(db, fresh);
    // An old page, genuinely signed when the server was at 1, continuing from this cursor.
    const old = { ...page(1, []), latest: 1, signedAt: '2026-11-01T04:00:00.000Z' };
    await expect(applyContentPage(db, old)).rejects.toThrow(/this kiosk has seen 5/);
    expect(await contentCursor(db)).toBe(1);
    const next = { ...page(1, [put(2, 'b')]), latest: 5, signedAt: '2026-12-03T03:00:00.000Z' };
    await applyContentPage(db, next);
    // A page cached a little earlier does not move the signed time back.
    expect(await getMeta(db, 'contentSeen')).toEqual({ latest: 5, signedAt: '2026-12-03T04:00:00.000Z' });
  });
});
