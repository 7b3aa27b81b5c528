import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submissionBatchResponseSchema } from '../../../src-shared/protocol.js';
import { authHeaders, countRows, createTestServer, makeSubmission, type TestServer } from './helpers.js';

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
    const item = makeSubmission(100);
    const responses = await Promise.all(Array.from({ length: PARALLEL }, () => push([item])));
    expect(responses.map((r) => r.status)).toEqual(Array(PARALLEL).fill(200));
    const bodies = await Promise.all(responses.map(async (r) => submissionBatchResponseSchema.parse(await r.json())));
    const acks = new Set(bodies.map((b) => JSON.stringify(b.results)));
    expect(acks.size).toBe(1);
    expect(await countRows(server.db, 'submissions')).toBe(1);
  });

  it(`${PARALLEL} different bodies under one key: one wins, the rest conflict`, async () => {
    const base = makeSubmission(101);
    const variants = Array.from({ length: PARALLEL }, (_, i) => ({
      ...base,
      answers: { ...base.answers, address: `Өлгий сум, ${i + 1}-р баг` },
    }));
    const responses = await Promise.all(variants.map((v) => push([v])));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(PARALLEL - 1);
    expect(await countRows(server.db, 'submissions')).toBe(1);
  });
});
