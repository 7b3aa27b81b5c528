import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishChanges } from '../../../src-server/content/publish.js';
import fc from 'fast-check';
import { commentWindowProblem, commentWindowState } from '../../../src-shared/rules/comment-window.js';
import { lawCommentCountsSchema } from '../../../src-shared/schemas/law.js';
import { createTestServer, errorOf, makeLawComment, postBatch, results, type TestServer } from './helpers.js';

const WINDOW = { opens: '2026-11-01', closes: '2026-12-20' };
const at = (iso: string) => new Date(iso);

describe('one comment-window rule for the kiosk and the server', () => {
  it('the kiosk shows "open" exactly when the server takes a comment sent at once', () => {
    const from = Date.parse('2026-10-25T00:00:00Z');
    const to = Date.parse('2026-12-28T00:00:00Z');
    // Anywhere in two months, and a millisecond either side of the window's two edges.
    const edges = [Date.parse('2026-10-31T16:00:00Z'), Date.parse('2026-12-20T16:00:00Z')].flatMap((e) => [e - 1, e]);
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: from, max: to }), fc.constantFrom(...edges)), (t) => {
        const open = commentWindowState(WINDOW, new Date(t)).state === 'open';
        expect(commentWindowProblem(WINDOW, new Date(t), new Date(t)) === null).toBe(open);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('commentWindowProblem: the server judges by Mongolia time (UTC+8)', () => {
  const received = at('2026-12-23T03:00:00Z');

  it('takes a comment written from opens 00:00 to closes 23:59:59.999 in Mongolia', () => {
    expect(commentWindowProblem(WINDOW, at('2026-10-31T16:00:00Z'), at('2026-11-01T00:00:00Z'))).toBeNull();
    expect(commentWindowProblem(WINDOW, at('2026-12-20T15:59:59.999Z'), received)).toBeNull();
  });

  it('refuses one written a moment before it opened', () => {
    const problem = commentWindowProblem(WINDOW, at('2026-10-31T15:59:59Z'), at('2026-11-02T00:00:00Z'));
    expect(problem?.code).toBe('comment_window_not_open');
    expect(problem?.message).toContain('2026-10-31 23:59');
    expect(problem?.message).toContain('2026-11-01');
  });

  it('refuses one written a moment after it closed', () => {
    const problem = commentWindowProblem(WINDOW, at('2026-12-20T16:00:00Z'), received);
    expect(problem?.code).toBe('comment_window_closed');
    expect(problem?.message).toContain('2026-12-21 00:00');
    expect(problem?.message).toContain('2026-12-20');
  });

  it('believes a kiosk clock up to 10 minutes ahead, not more', () => {
    const now = at('2026-12-01T00:00:00Z');
    expect(commentWindowProblem(WINDOW, at('2026-12-01T00:10:00Z'), now)).toBeNull();
    const problem = commentWindowProblem(WINDOW, at('2026-12-01T00:10:01Z'), now);
    expect(problem?.code).toBe('comment_window_not_open');
    expect(problem?.message).toContain("ahead of the server's clock");
  });

  it('refuses a comment dated more than 30 days before it arrived, even inside the window', () => {
    const written = at('2026-11-05T00:00:00Z');
    expect(commentWindowProblem(WINDOW, written, at('2026-12-05T00:00:00Z'))).toBeNull();
    const problem = commentWindowProblem(WINDOW, written, at('2026-12-05T00:00:01Z'));
    expect(problem?.code).toBe('comment_window_closed');
    expect(problem?.message).toContain('30 days');
  });
});

describe('law comments through the batch endpoint', () => {
  let server: TestServer;
  let now: Date;
  beforeEach(async () => {
    now = at('2026-12-23T03:00:00Z');
    server = await createTestServer({ now: () => now });
    // The fixture law's window, moved to close on 2026-12-20.
    const row = await server.db
      .selectFrom('content_current')
      .select('data')
      .where('type', '=', 'law')
      .where('entity_id', '=', 'test-law')
      .executeTakeFirstOrThrow();
    const law = JSON.parse(row.data) as Record<string, unknown>;
    await publishChanges(server.db, [{ op: 'put', type: 'law', data: { ...law, commentWindow: WINDOW } }]);
  });
  afterEach(async () => {
    await server.close();
  });

  async function push(createdAt: string) {
    const res = await postBatch(server.app, [await makeLawComment(1, { createdAt })]);
    return { status: res.statusCode, result: results(res)[0] };
  }

  it('written before the window opened → refused', async () => {
    now = at('2026-11-03T00:00:00Z');
    const { status, result } = await push('2026-10-31T15:59:59Z');
    expect(status).toBe(422);
    expect(errorOf(result)).toMatchObject({ code: 'comment_window_not_open' });
    expect(errorOf(result).message).toContain('2026-11-01');
  });

  it('written on the last day in Mongolia (23:59:59 UB) → accepted, though delivered days later', async () => {
    const { status, result } = await push('2026-12-20T15:59:59Z');
    expect(status).toBe(200);
    expect(result?.result).toBe('accepted');
  });

  it('written at 00:00 the next day in Mongolia → refused', async () => {
    const { status, result } = await push('2026-12-20T16:00:00Z');
    expect(status).toBe(422);
    expect(errorOf(result).code).toBe('comment_window_closed');
    expect(errorOf(result).message).toContain('2026-12-20');
  });

  async function stored() {
    const comments = await server.db.selectFrom('law_comments').select('text').execute();
    const counts = await server.db
      .selectFrom('content_current')
      .select('data')
      .where('type', '=', 'law-comment-counts')
      .where('entity_id', '=', 'test-law')
      .executeTakeFirst();
    return { comments: comments.length, counts: counts && lawCommentCountsSchema.parse(JSON.parse(counts.data)) };
  }

  it('written offline before the close, delivered after it: accepted once, counted once, resends get the same ack', async () => {
    // Written on the kiosk at 18:00 on the last day in Mongolia; the kiosk was offline for two days.
    const item = await makeLawComment(1, { createdAt: '2026-12-20T10:00:00Z' });
    const first = await postBatch(server.app, [item]);
    expect(first.statusCode).toBe(200);
    const ack = results(first)[0];
    expect(ack?.result).toBe('accepted');
    // The reply was lost; the kiosk sends again the next day, still after the close.
    now = at('2026-12-24T03:00:00Z');
    const again = await postBatch(server.app, [item]);
    expect(again.statusCode).toBe(200);
    expect(results(again)[0]).toEqual(ack);
    const { comments, counts } = await stored();
    expect(comments).toBe(1);
    expect(counts?.articles).toEqual({ '3': { for: 0, against: 1, neutral: 0 } });
  });

  it('written after the close → refused, and neither stored nor counted', async () => {
    const { status, result } = await push('2026-12-21T01:00:00Z');
    expect(status).toBe(422);
    expect(errorOf(result).code).toBe('comment_window_closed');
    expect(errorOf(result).message).toContain('after the comment period closed');
    expect(await stored()).toEqual({ comments: 0, counts: undefined });
  });

  it('written before the window opened → neither stored nor counted', async () => {
    now = at('2026-11-03T00:00:00Z');
    await push('2026-10-20T00:00:00Z');
    expect(await stored()).toEqual({ comments: 0, counts: undefined });
  });

  it('dated in the future by the kiosk clock → refused', async () => {
    now = at('2026-12-10T00:00:00Z');
    const { status, result } = await push('2026-12-10T02:00:00Z');
    expect(status).toBe(422);
    expect(errorOf(result).code).toBe('comment_window_not_open');
  });

  it('back-dated by more than 30 days → refused', async () => {
    now = at('2027-01-25T00:00:00Z');
    const { status, result } = await push('2026-12-20T10:00:00Z');
    expect(status).toBe(422);
    expect(errorOf(result).code).toBe('comment_window_closed');
  });
});
