import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submissionBatchResponseSchema } from '../../../src-shared/protocol.js';
import { clockDoubt } from '../../../src-server/submissions/submission-checks.js';
import { createTestServer, makePetition, postBatch, type TestServer } from './helpers.js';

describe('a kiosk clock that cannot be right', () => {
  it('is ahead of the server by more than a day, or before the kiosk was registered (less a day)', () => {
    const received = new Date('2026-12-03T04:00:00.000Z');
    const registered = '2026-01-10T00:00:00.000Z';
    expect(clockDoubt('2026-12-03T03:59:00.000Z', registered, received)).toBeNull();
    // An offline kiosk weeks behind is believed.
    expect(clockDoubt('2026-10-01T00:00:00.000Z', registered, received)).toBeNull();
    expect(clockDoubt('2026-12-04T05:00:00.000Z', registered, received)).toBe('ahead');
    expect(clockDoubt('9999-12-31T00:00:00.000Z', registered, received)).toBe('ahead');
    // A dead clock battery.
    expect(clockDoubt('2000-01-01T00:00:00.000Z', registered, received)).toBe('before_kiosk');
    expect(clockDoubt('0000-01-01T00:00:00.000Z', registered, received)).toBe('before_kiosk');
    expect(clockDoubt('2026-01-09T12:00:00.000Z', registered, received)).toBeNull();
  });

  describe('on the server', () => {
    let server: TestServer;
    beforeEach(async () => {
      server = await createTestServer();
    });
    afterEach(async () => {
      await server.close();
    });

    it('accepts what the citizen sent, flags it, and counts the due date from receipt', async () => {
      const items = [
        await makePetition(1),
        await makePetition(2, { createdAt: '2000-01-01T00:00:00.000Z' }),
        await makePetition(3, { createdAt: '2999-01-01T00:00:00.000Z' }),
      ];
      const res = await postBatch(server.app, items);
      expect(res.statusCode).toBe(200);
      const { results } = submissionBatchResponseSchema.parse(res.json());
      const dueDates = results.map((r) => (r.result === 'accepted' ? r.ack.dueDate : 'refused'));
      expect(new Set(dueDates).size).toBe(1);
      const rows = await server.db
        .selectFrom('submissions')
        .select(['tracking_no', 'clock_doubt', 'created_at'])
        .orderBy('id')
        .execute();
      expect(rows.map((r) => r.clock_doubt)).toEqual([null, 'before_kiosk', 'ahead']);
      // Stored as the kiosk sent it: the flag says not to believe it.
      expect(rows[1]!.created_at).toBe('2000-01-01T00:00:00.000Z');
    });
  });
});
