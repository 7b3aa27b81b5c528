import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, auditRowHash, GENESIS_HASH, recordAudit } from '../../../src-server/audit/audit-log.js';
import { auditCsv, queryAudit } from '../../../src-server/audit/audit-query.js';
import { verifyAuditChain } from '../../../src-server/audit/audit-verify.js';
import { openTestDatabase, type TestDatabase } from './helpers.js';
import { runEntry } from './process.js';

const T0 = Date.parse('2026-12-03T01:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

/** Renumbers every row after `after` by `by`, as someone hiding a change directly in the database would. */
async function shiftSeq(t: TestDatabase, after: number, by: number): Promise<void> {
  await t.db
    .updateTable('audit_log')
    .set((eb) => ({ seq: eb('seq', '+', by) }))
    .where('seq', '>', after)
    .execute();
}

async function fill(t: TestDatabase, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await recordAudit(
      t.db,
      {
        action: i % 2 ? 'session.sign_in' : 'laws.comments.export',
        outcome: 'ok',
        actor: { id: i, login: i % 3 ? 'admin' : 'auditor' },
        target: `t${i}`,
        ip: '10.0.0.1',
        details: { n: i, text: 'Өргөдөл' },
      },
      at(i * 60),
    );
  }
}

describe('audit log hash chain', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await openTestDatabase();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('links each row to the one before, from a genesis hash', async () => {
    await fill(t, 3);
    const rows = await t.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
    expect(rows[2]?.prev_hash).toBe(rows[1]?.hash);
    for (const row of rows) expect(auditRowHash(row)).toBe(row.hash);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, count: 3, head: { seq: 3, hash: rows[2]?.hash } });
  });

  it('verifies an empty log', async () => {
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, count: 0, head: null });
  });

  it('names an edited row', async () => {
    await fill(t, 5);
    await t.db.updateTable('audit_log').set({ actor_login: 'someone-else' }).where('seq', '=', 3).execute();
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, seq: 3, problem: 'edited' });
  });

  it('names a deleted row, and a deleted run of rows', async () => {
    await fill(t, 6);
    await t.db.deleteFrom('audit_log').where('seq', '=', 2).execute();
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, seq: 2, problem: 'deleted' });
    await t.db.deleteFrom('audit_log').where('seq', '=', 3).execute();
    const result = await verifyAuditChain(t.db);
    expect(result).toMatchObject({ ok: false, seq: 2, problem: 'deleted' });
    expect(!result.ok && result.message).toContain('rows 2 to 3');
  });

  it('names a row deleted with the later ones renumbered to hide the gap', async () => {
    await fill(t, 5);
    await t.db.deleteFrom('audit_log').where('seq', '=', 2).execute();
    await shiftSeq(t, 2, -1);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, seq: 2, problem: 'broken_link' });
  });

  it('names an inserted row, even one with a well-formed hash', async () => {
    await fill(t, 5);
    // Make room after row 2 and slip a forged row in, hashed and linked correctly to row 2.
    await shiftSeq(t, 2, 100);
    await shiftSeq(t, 100, -99);
    const row2 = await t.db.selectFrom('audit_log').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
    const forged = {
      seq: 3,
      at: at(150).toISOString(),
      actor_id: null,
      actor_login: 'ghost',
      action: 'operator.add',
      outcome: 'ok',
      target: 'ghost',
      ip: null,
      details: '{}',
      prev_hash: row2.hash,
    };
    await t.db
      .insertInto('audit_log')
      .values({ ...forged, hash: auditRowHash(forged) })
      .execute();
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, seq: 3, problem: 'inserted' });
  });

  it('names a row appended at the end without the right hash', async () => {
    await fill(t, 2);
    const last = await t.db.selectFrom('audit_log').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
    await t.db
      .insertInto('audit_log')
      .values({ ...last, seq: 3, prev_hash: last.hash, action: 'operator.add', hash: 'f'.repeat(64) })
      .execute();
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, seq: 3, problem: 'edited' });
  });

  it('writes with its action or not at all', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await appendAudit(trx, { action: 'operator.add', outcome: 'ok', actor: null }, at(1));
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    expect(await t.db.selectFrom('audit_log').select('seq').execute()).toEqual([]);
  });

  it('does not fork when two processes append at once', async () => {
    const script = 'tests/unit/server/fixtures/append-audit.ts';
    const results = await Promise.all([
      runEntry(script, [t.url, 'a', '25'], {}),
      runEntry(script, [t.url, 'b', '25'], {}),
    ]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: 50 });
  });

  it('filters by day (Mongolia time), actor and action, newest first, and exports CSV', async () => {
    await fill(t, 6); // one row an hour from 02:00 UTC = 10:00 in Ulaanbaatar on 2026-12-03
    const all = await queryAudit(t.db, { limit: 100 });
    expect(all.map((e) => e.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    expect((await queryAudit(t.db, { actor: 'AUDITOR', limit: 100 })).map((e) => e.seq)).toEqual([6, 3]);
    expect((await queryAudit(t.db, { action: 'session.sign_in', limit: 100 })).map((e) => e.seq)).toEqual([5, 3, 1]);
    expect(await queryAudit(t.db, { from: '2026-12-04', limit: 100 })).toEqual([]);
    expect(await queryAudit(t.db, { to: '2026-12-02', limit: 100 })).toEqual([]);
    expect(await queryAudit(t.db, { from: '2026-12-03', to: '2026-12-03', limit: 100 })).toHaveLength(6);
    const range = await queryAudit(t.db, { from: '2026-12-03T03:00:00Z', to: '2026-12-03T05:00:00Z', limit: 100 });
    expect(range.map((e) => e.seq)).toEqual([3, 2]);
    expect((await queryAudit(t.db, { limit: 2 })).map((e) => e.seq)).toEqual([6, 5]);

    const csv = auditCsv(all);
    expect(csv.startsWith('\uFEFFseq,time (Ulaanbaatar),')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain('2026-12-03 10:00:00');
    expect(csv).toContain('Өргөдөл');
    expect(csv.split('\r\n')).toHaveLength(8);
  });

  it('guards CSV cells a person could have typed against spreadsheet formulas', async () => {
    await recordAudit(
      t.db,
      { action: 'session.sign_in', outcome: 'failed', actor: null, target: '=HYPERLINK("x")', details: {} },
      at(0),
    );
    const csv = auditCsv(await queryAudit(t.db, { limit: 10 }));
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
