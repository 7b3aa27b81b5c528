// National load: thousands of simulated kiosks against real server processes on one database.
//
// The load of a busy day, at full speed for the pushes: every kiosk pulls as the kiosk does,
// the content page after its cursor (it is up to date) and its status changes once per sync
// interval (30 s, the kiosk's default: 5,000 kiosks make 333 GET requests a second, issued at
// that rate whatever the pushes do); meanwhile IN_FLIGHT kiosks at a time push their outboxes,
// batches of 1–5 sealed submissions one after another, as fast as the servers answer (what is
// measured is capacity); one push in fifty is sent twice (an ack lost on the way back). Requests
// are spread over the server processes as a load balancer would.
//
// accepted_per_s   submissions stored per second of load (replays not counted)
// p50_ms, p99_ms   latency of the pushes
// pulls_per_s      content and status pulls answered per second meanwhile (planned: kiosks × 2 ÷ 30 s)
// duplicates/lost  rows per acknowledged submission, read from the database afterwards: must be 1
// open_per_s       one core opening the same envelopes alone (ECDH + HKDF + AES-GCM, nothing else)
// db_insert_per_s  the same kind of database inserting submission-shaped rows in batches of the
//                  same sizes, nothing else (its own fresh database)
// ratio            accepted_per_s ÷ min(open_per_s × cores used, db_insert_per_s); target ≥ 0.5. Cores
//                  used: the server processes and their envelope-opening threads (TSONKH_OPEN_THREADS),
//                  at most the machine's cores
// cores            those cores used
// cpu_ms_per_item  CPU time of the server processes during the load (user + system, from /proc; the
//                  pulls answered meanwhile included) per submission accepted: what a submission
//                  costs the server, whatever else the machine is doing (not in the ratio)
// load             the machine's 1-minute load average when the load ended (it shares its cores)
//
// NATIONAL_KIOSKS and NATIONAL_SUBMISSIONS make a smaller run; NATIONAL_DB=sqlite|postgres one target;
// NATIONAL_OPEN_THREADS=n gives each server process n envelope-opening threads (counted in cores);
// NATIONAL_PROFILE=<dir> writes a V8 CPU profile of each server process there (open it in Chromium's
// DevTools, or summarise it with tests/bench/support/cpu-profile.ts).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Submission } from '../../src-shared/schemas/submission.js';
import type { DatabaseTarget } from '../../src-server/config.js';
import { createDatabase, type Database } from '../../src-server/db/database.js';
import { migrateToLatest } from '../../src-server/db/migrate.js';
import { hashCredential } from '../../src-server/kiosks/kiosk-registry.js';
import { openSealed } from '../../src-server/submissions/open-sealed.js';
import { seededRandom } from '../faults/support/prng.js';
import { REPO_ROOT } from '../e2e/support/processes.js';
import { freePort, startServerChild, type ServerChild } from '../support/server-process.js';
import { createFreshDatabase } from '../support/test-database.js';
import { DEMO_SUBMISSION_KEY } from '../unit/server/helpers.js';
import { Pool } from 'undici';
import { percentile, report } from './support/report.js';
import { preSealed } from './support/sealed-items.js';

const KIOSKS = Number(process.env.NATIONAL_KIOSKS ?? 5000);
const SUBMISSIONS = Number(process.env.NATIONAL_SUBMISSIONS ?? 20_000);
const IN_FLIGHT = 48;
const REPLAY_EVERY = 50;
/** The kiosk's default sync interval: each kiosk pulls content and status changes this often. */
const SYNC_INTERVAL_S = 30;
/** Pulls waiting for an answer at most; beyond, the ticker waits (the servers are saturated). */
const MAX_PULLS_OUTSTANDING = 256;
/** How often the pull ticker wakes to issue the pulls that have come due. */
const TICK_MS = 10;
/** Rounds of the opening baseline (the best counts). */
const OPEN_ROUNDS = 5;
const SEED = 20261203;
/** Kiosk codes of the simulated fleet start here (the demo kiosk is 0421). */
const FIRST_CODE = 1000;

interface SimKiosk {
  code: string;
  credential: string;
  /** Its `Authorization` header, built once. */
  authorization: string;
  batches: Submission[][];
  /** Each batch's request body, serialised once (a replay sends the same bytes, as a kiosk does). */
  bodies: string[];
}

interface Target {
  name: 'sqlite' | 'postgres';
  processes: number;
  /**
   * Envelope-opening worker threads per process (TSONKH_OPEN_THREADS), NATIONAL_OPEN_THREADS; 0 by
   * default: on the shared 2-core machine one thread beside one SQLite process measured slower
   * (416–693 against 680–804 submissions a second, push only), there being no idle core to use.
   */
  openThreads: number;
  /** The database the servers use. */
  database: DatabaseTarget;
  /** A second, empty database of the same kind for the insert baseline. */
  baseline: DatabaseTarget;
  cleanup(): Promise<void>;
}

const random = seededRandom(SEED);
const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

/** The fleet and its submissions, sealed ahead (the client's cost is not what is measured). */
async function makeFleet(): Promise<SimKiosk[]> {
  const perKiosk = Math.max(1, Math.round(SUBMISSIONS / KIOSKS));
  const fleet: SimKiosk[] = [];
  for (let k = 0; k < KIOSKS; k++) {
    const code = String(FIRST_CODE + k).padStart(4, '0');
    const items = await preSealed(code, 1, perKiosk, random);
    const batches: Submission[][] = [];
    for (let i = 0; i < items.length;) {
      const size = between(1, 5);
      batches.push(items.slice(i, i + size));
      i += size;
    }
    const credential = randomBytes(24).toString('base64url');
    fleet.push({
      code,
      credential,
      authorization: `Bearer ${credential}`,
      batches,
      bodies: batches.map((items) => JSON.stringify({ items })),
    });
  }
  return fleet;
}

/**
 * One core, opening envelopes and nothing else: the best of OPEN_ROUNDS rounds, so that a moment
 * when other work on the machine takes the core does not pass for the cost of opening (the best
 * round is the one closest to "alone"; it can only make the ratio smaller).
 */
function openPerSecond(items: readonly Submission[]): number {
  const privateKey = DEMO_SUBMISSION_KEY.privateKey;
  let best = 0;
  for (let round = 0; round < OPEN_ROUNDS; round++) {
    const started = performance.now();
    for (const item of items) {
      const opened = openSealed(item.sealed, item, privateKey);
      if (!opened.ok) throw new Error(`an envelope did not open: ${opened.reason}`);
    }
    best = Math.max(best, items.length / ((performance.now() - started) / 1000));
  }
  return best;
}

/** Submission-shaped rows (as accept-batch writes them) in transactions of the load's batch sizes. */
async function dbInsertPerSecond(target: DatabaseTarget, fleet: readonly SimKiosk[]): Promise<number> {
  const db = createDatabase(target);
  try {
    await migrateToLatest(db);
    const kiosk = await db
      .insertInto('kiosks')
      .values({
        kiosk_code: '9999',
        credential_hash: hashCredential('baseline'),
        name: '{}',
        created_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const batches = fleet.flatMap((k) => k.batches).slice(0, 2000);
    const started = performance.now();
    let rows = 0;
    for (const batch of batches) {
      await db.transaction().execute(async (trx) => {
        for (const item of batch) {
          const at = new Date().toISOString();
          await trx
            .insertInto('submissions')
            .values({
              idempotency_key: item.idempotencyKey,
              body_hash: 'x'.repeat(64),
              kiosk_id: kiosk.id,
              tracking_no: item.trackingNo,
              kind: item.kind,
              channel: item.channel,
              staff_id: null,
              lang: item.lang,
              created_at: item.createdAt,
              body: JSON.stringify(item),
              status: 'received',
              status_at: at,
              due_date: null,
              initial_due_date: null,
              received_at: at,
            })
            .onConflict((oc) => oc.column('idempotency_key').doNothing())
            .execute();
          rows++;
        }
      });
    }
    return rows / ((performance.now() - started) / 1000);
  } finally {
    await db.destroy();
  }
}

/** CPU time (user + system, ms) a process has used so far, from /proc; 0 where there is no /proc. */
function cpuMs(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return 0;
  }
}
/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const CLOCK_TICKS_PER_S = 100;

/** Registers the fleet straight in the database, 500 kiosks a transaction. */
async function registerFleet(db: Database, fleet: readonly SimKiosk[]): Promise<void> {
  const at = new Date().toISOString();
  for (let i = 0; i < fleet.length; i += 500) {
    const rows = fleet.slice(i, i + 500).map((k) => ({
      kiosk_code: k.code,
      credential_hash: hashCredential(k.credential),
      name: JSON.stringify({ mn: `Сум ${k.code}` }),
      created_at: at,
      aimag_code: '65',
      soum_code: '6501',
    }));
    await db.transaction().execute((trx) => trx.insertInto('kiosks').values(rows).execute());
  }
}

interface LoadResult {
  seconds: number;
  accepted: Map<string, number>;
  pushMs: number[];
  pulls: number;
  replays: number;
  failures: string[];
}

/**
 * The load generator's HTTP client: one undici keep-alive pool per server process, `request`
 * rather than `fetch` (whose WHATWG streams and objects cost the generator several times the CPU
 * per request, on the same two cores as the servers it measures).
 */
function pools(servers: readonly ServerChild[]): Pool[] {
  return servers.map((s) => new Pool(s.url, { connections: IN_FLIGHT + MAX_PULLS_OUTSTANDING, pipelining: 1 }));
}

async function get(pool: Pool, pathAndQuery: string, authorization: string, parse: boolean): Promise<unknown> {
  const res = await pool.request({
    method: 'GET',
    path: pathAndQuery,
    headers: { authorization, 'accept-encoding': 'br, gzip' },
  });
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new Error(`GET ${pathAndQuery}: HTTP ${res.statusCode}`);
  }
  if (!parse) {
    await res.body.dump();
    return undefined;
  }
  return res.body.json();
}

/**
 * Pushes: IN_FLIGHT workers, each taking the next kiosk and pushing its batches one after another.
 * Pulls: a ticker issuing each kiosk's content and status pull once per SYNC_INTERVAL_S, evenly
 * spread, until the pushes are done. Both round-robin over the servers.
 */
async function runLoad(servers: readonly ServerChild[], fleet: readonly SimKiosk[]): Promise<LoadResult> {
  const accepted = new Map<string, number>();
  const pushMs: number[] = [];
  const failures: string[] = [];
  let replays = 0;
  let next = 0;
  let requests = 0;
  const clients = pools(servers);
  const server = () => clients[requests++ % clients.length]!;
  const latest = (
    (await get(clients[0]!, `/api/v1/content/changes?after=0&limit=1`, fleet[0]!.authorization, true)) as {
      latest?: number;
    }
  ).latest;
  const push = async (kiosk: SimKiosk, body: string): Promise<void> => {
    const t = performance.now();
    const res = await server().request({
      method: 'POST',
      path: '/api/v1/submissions/batch',
      headers: { authorization: kiosk.authorization, 'content-type': 'application/json' },
      body,
    });
    const answer = (await res.body.json()) as {
      results?: { idempotencyKey: string; result: string; serverId?: number }[];
    };
    pushMs.push(performance.now() - t);
    if (res.statusCode !== 200) {
      failures.push(`kiosk ${kiosk.code}: HTTP ${res.statusCode} ${JSON.stringify(answer).slice(0, 200)}`);
      return;
    }
    for (const r of answer.results ?? []) {
      if (r.result !== 'accepted') failures.push(`kiosk ${kiosk.code}: ${r.result}`);
      const before = accepted.get(r.idempotencyKey);
      if (before !== undefined && before !== r.serverId) failures.push(`a replay got another serverId`);
      accepted.set(r.idempotencyKey, r.serverId!);
    }
  };
  const pusher = async (): Promise<void> => {
    for (;;) {
      const kiosk = fleet[next++];
      if (!kiosk) return;
      for (const [i, body] of kiosk.bodies.entries()) {
        await push(kiosk, body);
        if ((i + kiosk.code.charCodeAt(3)) % REPLAY_EVERY === 0) {
          replays++;
          await push(kiosk, body);
        }
      }
    }
  };

  // The pulls of the whole fleet, each kiosk once per interval, at an even rate.
  const statusCursor = new Map<string, number>();
  let pulls = 0;
  let outstanding = 0;
  let pushing = true;
  const pull = async (kiosk: SimKiosk): Promise<void> => {
    try {
      // The content page is up to date (nothing after the cursor): read, not parsed.
      await get(server(), `/api/v1/content/changes?after=${latest ?? 0}`, kiosk.authorization, false);
      const page = (await get(
        server(),
        `/api/v1/status-changes?after=${statusCursor.get(kiosk.code) ?? 0}`,
        kiosk.authorization,
        true,
      )) as { next: number };
      statusCursor.set(kiosk.code, page.next);
      pulls += 2;
    } catch (err) {
      failures.push(`pull of kiosk ${kiosk.code}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      outstanding--;
    }
  };
  // One timer per tick, not per pull: every TICK_MS the pulls that have come due are issued.
  const ticker = async (): Promise<void> => {
    const everyMs = (SYNC_INTERVAL_S * 1000) / fleet.length;
    const start = performance.now();
    let n = 0;
    while (pushing) {
      const due = Math.floor((performance.now() - start) / everyMs);
      while (n <= due && outstanding < MAX_PULLS_OUTSTANDING) {
        outstanding++;
        void pull(fleet[n++ % fleet.length]!);
      }
      await new Promise((r) => setTimeout(r, n <= due ? 5 : TICK_MS));
    }
  };

  const started = performance.now();
  const pulling = ticker();
  await Promise.all(Array.from({ length: IN_FLIGHT }, pusher));
  const seconds = (performance.now() - started) / 1000;
  pushing = false;
  await pulling;
  while (outstanding > 0) await new Promise((r) => setTimeout(r, 10));
  await Promise.all(clients.map((c) => c.close()));
  return { seconds, accepted, pushMs, pulls, replays, failures };
}

/** Rows per acknowledged submission, from the database: duplicates (>1) and lost (0). */
async function countCheck(db: Database, accepted: Map<string, number>): Promise<{ duplicates: number; lost: number }> {
  const rows = await db
    .selectFrom('submissions')
    .select(['idempotency_key', (eb) => eb.fn.countAll<number>().as('n')])
    .where('kiosk_id', '!=', 1)
    .groupBy('idempotency_key')
    .execute();
  const byKey = new Map(rows.map((r) => [r.idempotency_key, Number(r.n)]));
  let duplicates = 0;
  let lost = 0;
  for (const key of accepted.keys()) {
    const n = byKey.get(key) ?? 0;
    if (n === 0) lost++;
    if (n > 1) duplicates += n - 1;
  }
  // Rows nobody was told about would be duplicates under another key.
  duplicates += Math.max(0, rows.length - accepted.size);
  return { duplicates, lost };
}

/** A server database and a baseline database of one dialect, both fresh, both dropped after. */
async function makeTarget(name: Target['name'], processes: number): Promise<Target> {
  const openThreads = Number(process.env.NATIONAL_OPEN_THREADS ?? 0);
  const database = await createFreshDatabase({ dialect: name, prefix: 'tsonkh-national-' });
  const baseline = await createFreshDatabase({ dialect: name, prefix: 'tsonkh-national-baseline-' });
  return {
    name,
    processes,
    openThreads,
    database: database.target,
    baseline: baseline.target,
    cleanup: async () => {
      await database.drop();
      await baseline.drop();
    },
  };
}

/** The admin URL of a PostgreSQL the bench may use (scripts/ensure-postgres.mjs), or why there is none. */
function postgresAvailable(): { ok: true; adminUrl: string } | { ok: false; why: string } {
  const r = spawnSync(process.execPath, ['scripts/ensure-postgres.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  const out = r.stdout.trim();
  return r.status === 0 && out ? { ok: true, adminUrl: out } : { ok: false, why: (r.stderr || out).trim() };
}

function databaseUrl(target: DatabaseTarget): string {
  return target.kind === 'sqlite' ? `sqlite:${target.path}` : target.url;
}

async function runTarget(target: Target, fleet: SimKiosk[], openPerS: number): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsonkh-national-data-'));
  const servers: ServerChild[] = [];
  try {
    const profile = process.env.NATIONAL_PROFILE;
    const env = {
      DATABASE_URL: databaseUrl(target.database),
      LOG_LEVEL: 'warn',
      TSONKH_OPEN_THREADS: String(target.openThreads),
    };
    const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : [];
    // The first process migrates and seeds; the fleet is registered before the others start.
    servers.push(await startServerChild({ port: await freePort(), dataDir, env, nodeArgs }));
    const db = createDatabase(target.database);
    try {
      await registerFleet(db, fleet);
      for (let p = 1; p < target.processes; p++)
        servers.push(await startServerChild({ port: await freePort(), dataDir, env, nodeArgs }));
      const cpuBefore = servers.reduce((sum, s) => sum + cpuMs(s.pid), 0);
      const load = await runLoad(servers, fleet);
      const serverCpuMs = servers.reduce((sum, s) => sum + cpuMs(s.pid), 0) - cpuBefore;
      const loadAverage = os.loadavg()[0]!;
      if (load.failures.length > 0) throw new Error(`the load failed:\n${load.failures.slice(0, 10).join('\n')}`);
      const { duplicates, lost } = await countCheck(db, load.accepted);
      const dbInsertPerS = await dbInsertPerSecond(target.baseline, fleet);
      const acceptedPerS = load.accepted.size / load.seconds;
      const cores = Math.min(os.availableParallelism(), target.processes * (1 + target.openThreads));
      const ratio = acceptedPerS / Math.min(openPerS * cores, dbInsertPerS);
      const fields = [
        `db=${target.name}`,
        `processes=${target.processes}`,
        `open_threads=${target.openThreads}`,
        `cores=${cores}`,
        `kiosks=${fleet.length}`,
        `submissions=${load.accepted.size}`,
        `replays=${load.replays}`,
        `accepted_per_s=${acceptedPerS.toFixed(0)}`,
        `p50_ms=${percentile(load.pushMs, 50).toFixed(1)}`,
        `p99_ms=${percentile(load.pushMs, 99).toFixed(1)}`,
        `pulls_per_s=${(load.pulls / load.seconds).toFixed(0)}`,
        `duplicates=${duplicates}`,
        `lost=${lost}`,
        `open_per_s=${openPerS.toFixed(0)}`,
        `db_insert_per_s=${dbInsertPerS.toFixed(0)}`,
        `ratio=${ratio.toFixed(3)}`,
        `cpu_ms_per_item=${(serverCpuMs / load.accepted.size).toFixed(3)}`,
        `load=${loadAverage.toFixed(1)}`,
      ];
      console.log(`BENCH national ${fields.join(' ')} target=≥0.5`);
      report('national', `${target.name}_ratio`, ratio, '≥0.5');
    } finally {
      await db.destroy();
    }
  } finally {
    for (const s of servers) await s.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await target.cleanup();
  }
}

const fleet = await makeFleet();
const sample = fleet.flatMap((k) => k.batches.flat()).slice(0, 3000);
openPerSecond(sample.slice(0, 40)); // warm-up
const openPerS = openPerSecond(sample.slice(0, 1000));
const wanted = process.env.NATIONAL_DB;
// Two server processes on PostgreSQL (the national set-up), one on SQLite (the embedded default).
if (!wanted || wanted === 'postgres') {
  const pg = postgresAvailable();
  if (pg.ok) {
    process.env.TSONKH_TEST_PG = pg.adminUrl;
    await runTarget(await makeTarget('postgres', 2), fleet, openPerS);
  } else console.log(`BENCH national db=postgres skipped: ${pg.why}`);
}
if (!wanted || wanted === 'sqlite') await runTarget(await makeTarget('sqlite', 1), fleet, openPerS);
