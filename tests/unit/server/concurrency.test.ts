import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submissionBatchResponseSchema } from '../../../src-shared/protocol.js';
import {
  authHeaders,
  countRows,
  createTestServer,
  makePetition,
  makeSubmission,
  validResidenceAnswers,
  type TestServer,
} from './helpers.js';

const PARALLEL = 50;

describe('concurrent pushes over real HTTP', () => {
  let server: TestServer;
  let baseUrl: string;
  beforeEach(async () => {
    server = await createTestServer();
    baseUrl = await server.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterEach(async () => {
    await server.close();
  });

  const push = (items: unknown[]) =>
    fetch(`${baseUrl}/api/v1/submissions/batch`, {
      method: 'POST',
      headers: { ...authHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    });

  it(`${PARALLEL} identical pushes make exactly one row and one ack`, async () => {
    const item = await makeSubmission(100);
    const responses = await Promise.all(Array.from({ length: PARALLEL }, () => push([item])));
    expect(responses.map((r) => r.status)).toEqual(Array(PARALLEL).fill(200));
    const bodies = await Promise.all(responses.map(async (r) => submissionBatchResponseSchema.parse(await r.json())));
    const acks = new Set(bodies.map((b) => JSON.stringify(b.results)));
    expect(acks.size).toBe(1);
    expect(await countRows(server.db, 'submissions')).toBe(1);
    expect(await countRows(server.db, 'status_changes')).toBe(1);
  });

  it(`${PARALLEL} identical petition pushes make one row, one 'received' change and one ack with a due date`, async () => {
    const item = await makePetition(102);
    const responses = await Promise.all(Array.from({ length: PARALLEL }, () => push([item])));
    expect(responses.map((r) => r.status)).toEqual(Array(PARALLEL).fill(200));
    const bodies = await Promise.all(responses.map(async (r) => submissionBatchResponseSchema.parse(await r.json())));
    expect(new Set(bodies.map((b) => JSON.stringify(b.results))).size).toBe(1);
    const [result] = bodies[0]!.results;
    expect(result?.result === 'accepted' && result.ack.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await countRows(server.db, 'submissions')).toBe(1);
    const changes = await server.db.selectFrom('status_changes').selectAll().execute();
    expect(changes).toHaveLength(1);
    expect(changes[0]?.status).toBe('received');
  });

  it(`${PARALLEL} different sealed bodies under one key: one wins, the rest conflict`, async () => {
    const base = await makeSubmission(101);
    const variants = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        makeSubmission(101, {
          idempotencyKey: base.idempotencyKey,
          answers: { ...validResidenceAnswers(), address: `Өлгий сум, ${i + 1}-р баг` },
        }),
      ),
    );
    const responses = await Promise.all(variants.map((v) => push([v])));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(PARALLEL - 1);
    expect(await countRows(server.db, 'submissions')).toBe(1);
    expect(await countRows(server.db, 'status_changes')).toBe(1);
  });
});
