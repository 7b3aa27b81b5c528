import { afterEach, describe, expect, it } from 'vitest';
import { threadOpener, type EnvelopeOpener } from '../../../src-server/submissions/envelope-opener.js';
import { openSealed } from '../../../src-server/submissions/open-sealed.js';
import {
  countRows,
  createTestServer,
  DEMO_SUBMISSION_KEY,
  makeSubmission,
  makePetition,
  postBatch,
  results,
  type TestServer,
} from './helpers.js';

/** Inside the fixture law's comment window (2026-11-01 … 2026-12-15). */
const NOW = new Date('2026-12-01T04:00:00Z');

describe('envelopes opened on worker threads', () => {
  let opener: EnvelopeOpener | undefined;
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    await opener?.close();
    server = undefined;
    opener = undefined;
  });

  it('give exactly what the main thread gives, in order, a tampered envelope refused the same way', async () => {
    opener = threadOpener(DEMO_SUBMISSION_KEY.privateKey, 2);
    const items = await Promise.all(Array.from({ length: 12 }, (_, i) => makePetition(i + 1)));
    const tampered = { ...items[3]!, sealed: { ...items[3]!.sealed, ct: items[5]!.sealed.ct } };
    const moved = { ...items[7]!, trackingNo: items[8]!.trackingNo };
    const jobs = [...items, tampered, moved];
    // Several batches at once, spread over both threads.
    const batches = [jobs.slice(0, 5), jobs.slice(5, 9), jobs.slice(9)];
    const opened = (await Promise.all(batches.map((b) => opener!.open(b)))).flat();
    const here = jobs.map((job) => openSealed(job.sealed, job, DEMO_SUBMISSION_KEY.privateKey));
    expect(opened).toEqual(here);
    expect(opened.slice(0, 12).every((r) => r.ok)).toBe(true);
    expect(opened.slice(12).map((r) => r.ok)).toEqual([false, false]);
  });

  it('a server opening on threads stores and acknowledges a push as the one without', async () => {
    opener = threadOpener(DEMO_SUBMISSION_KEY.privateKey, 1);
    server = await createTestServer({ now: () => NOW, envelopeOpener: opener });
    const items = [await makePetition(1), await makeSubmission(2), await makePetition(3)];
    const broken = { ...items[2]!, sealed: { ...items[2]!.sealed, ct: items[0]!.sealed.ct } };
    const res = await postBatch(server.app, [items[0]!, items[1]!, broken]);
    expect(res.statusCode).toBe(422);
    expect(results(res).map((r) => r.result)).toEqual(['accepted', 'accepted', 'rejected']);
    const replay = await postBatch(server.app, items.slice(0, 2));
    expect(results(replay)).toEqual(results(res).slice(0, 2));
    expect(await countRows(server.db, 'submissions')).toBe(2);
  });

  it('after close, opens on the calling thread', async () => {
    opener = threadOpener(DEMO_SUBMISSION_KEY.privateKey, 1);
    await opener.close();
    const item = await makePetition(1);
    expect(await opener.open([item])).toEqual([openSealed(item.sealed, item, DEMO_SUBMISSION_KEY.privateKey)]);
  });
});
