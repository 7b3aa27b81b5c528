// Fleet health: 5,000 simulated kiosks reporting their health every 2 minutes to a real server
// process (issue 17, "Health and the fleet").
//
// Time is compressed: the reports of FLEET_MINUTES simulated minutes (each kiosk at its own offset
// in the 2-minute cycle, as a fleet started at different times would) are sent in the schedule's
// order at FLEET_SPEEDUP times the schedule's rate (5,000 kiosks / 120 s = 41.7 reports a second
// in real life). A fleet-wide remote settings version exists, so each kiosk's first report is
// answered with the signed settings and its next one acknowledges them; one report in twenty
// carries an event noticed offline. What is measured:
//
// cpu_per_report_ms  CPU time of the server process (user + system, from /proc) per report
// p50_ms, p99_ms     latency of the reports at that rate
// reports_per_s      the rate achieved (the schedule's rate × FLEET_SPEEDUP if the server keeps up)
// core_share         cpu_per_report_ms × 41.7 / 1000: the share of one core the real fleet costs
//
// Target: cpu_per_report_ms ≤ 5 (the real fleet then costs at most a fifth of a core) and
// p99_ms ≤ 250. FLEET_KIOSKS, FLEET_MINUTES, FLEET_SPEEDUP change the run; FLEET_DB=postgres runs
// against PostgreSQL (scripts/ensure-postgres.mjs) instead of SQLite.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import type { DatabaseTarget } from '../../src-server/config.js';
import { createDatabase, type Database } from '../../src-server/db/database.js';
import { hashCredential } from '../../src-server/kiosks/kiosk-registry.js';
import { setSettings } from '../../src-server/kiosks/kiosk-settings.js';
import { REPO_ROOT } from '../e2e/support/processes.js';
import { freePort, startServerChild, type ServerChild } from '../support/server-process.js';
import { createFreshDatabase } from '../support/test-database.js';
import { percentile, report } from './support/report.js';

const KIOSKS = Number(process.env.FLEET_KIOSKS ?? 5000);
const MINUTES = Number(process.env.FLEET_MINUTES ?? 4);
const SPEEDUP = Number(process.env.FLEET_SPEEDUP ?? 2);
const INTERVAL_S = 120;
const MAX_OUTSTANDING = 64;
const FIRST_CODE = 1000;
const CLOCK_TICKS_PER_S = 100;
const TARGET = 'cpu_per_report_ms≤5,p99_ms≤250';

interface SimKiosk {
  code: string;
  authorization: string;
  /** Its offset in the 2-minute cycle, in seconds. */
  offsetS: number;
  settingsVersion: number | null;
  uptimeS: number;
}

function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return 0;
  }
}

async function registerFleet(db: Database): Promise<SimKiosk[]> {
  const fleet: SimKiosk[] = [];
  const at = new Date().toISOString();
  for (let i = 0; i < KIOSKS; i += 500) {
    const rows: {
      kiosk_code: string;
      credential_hash: string;
      name: string;
      created_at: string;
      aimag_code: string;
      soum_code: string;
    }[] = [];
    for (let k = i; k < Math.min(KIOSKS, i + 500); k++) {
      const code = String(FIRST_CODE + k).padStart(4, '0');
      const credential = randomBytes(24).toString('base64url');
      // Every fourth kiosk in a Hovd-time aimag.
      const aimag = k % 4 === 0 ? '83' : '65';
      rows.push({
        kiosk_code: code,
        credential_hash: hashCredential(credential),
        name: JSON.stringify({ mn: `Сум ${code}` }),
        created_at: at,
        aimag_code: aimag,
        soum_code: `${aimag}01`,
      });
      fleet.push({
        code,
        authorization: `Bearer ${credential}`,
        offsetS: (k * INTERVAL_S) / KIOSKS,
        settingsVersion: null,
        uptimeS: 3600 + k,
      });
    }
    await db.transaction().execute((trx) => trx.insertInto('kiosks').values(rows).execute());
  }
  const open = { open: '09:00', close: '18:00' };
  await setSettings(db, {
    scope: 'fleet',
    settings: {
      idle: { timeoutSeconds: 120, warningSeconds: 30 },
      openingHours: { mon: open, tue: open, wed: open, thu: open, fri: open, sat: null, sun: null },
    },
    by: { id: null, login: 'cli:bench' },
  });
  return fleet;
}

function reportBody(kiosk: SimKiosk, simulatedAt: Date, n: number): string {
  const at = simulatedAt.toISOString();
  return JSON.stringify({
    kioskTime: at,
    appVersion: '0.1.0',
    content: { cursor: 24, signedAt: at, stale: false },
    settingsVersion: kiosk.settingsVersion,
    uptimeS: kiosk.uptimeS + n * INTERVAL_S,
    outbox: { depth: n % 7, oldestAgeS: n % 7 === 0 ? null : 60 * (n % 7), quarantined: 0 },
    storage: { usedBytes: 2_000_000_000, freeBytes: 30_000_000_000, persisted: true },
    printer: n % 50 === 3 ? 'paper_near_end' : 'ok',
    sync: { content: { result: 'ok', at }, status: { result: 'ok', at }, push: null },
    events: n % 20 === 7 ? [{ id: `${kiosk.code}-${n}`, at, kind: 'printer', details: 'paper_out' }] : [],
  });
}

async function runLoad(server: ServerChild, fleet: SimKiosk[]) {
  const pool = new Pool(server.url, { connections: MAX_OUTSTANDING, pipelining: 1 });
  const cycles = (MINUTES * 60) / INTERVAL_S;
  // The schedule: every kiosk once per cycle at its offset, in time order.
  const schedule: { kiosk: SimKiosk; atS: number; n: number }[] = [];
  for (let c = 0; c < cycles; c++) {
    for (const kiosk of fleet) schedule.push({ kiosk, atS: c * INTERVAL_S + kiosk.offsetS, n: c });
  }
  schedule.sort((a, b) => a.atS - b.atS);
  const latencies: number[] = [];
  const failures: string[] = [];
  let deliveries = 0;
  let outstanding = 0;
  const simulatedStart = Date.now();
  const send = async (item: (typeof schedule)[number]) => {
    const t = performance.now();
    try {
      const res = await pool.request({
        method: 'POST',
        path: '/api/v1/health-reports',
        headers: { authorization: item.kiosk.authorization, 'content-type': 'application/json' },
        body: reportBody(item.kiosk, new Date(simulatedStart + item.atS * 1000), item.n),
      });
      const answer = (await res.body.json()) as { settings?: { payload: { version: number } } };
      latencies.push(performance.now() - t);
      if (res.statusCode !== 200) failures.push(`kiosk ${item.kiosk.code}: HTTP ${res.statusCode}`);
      if (answer.settings) {
        deliveries++;
        // The kiosk applies it and names it in its next report.
        item.kiosk.settingsVersion = answer.settings.payload.version;
      }
    } catch (err) {
      failures.push(`kiosk ${item.kiosk.code}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      outstanding--;
    }
  };
  const cpuBefore = cpuMs(server.pid);
  const started = performance.now();
  let i = 0;
  while (i < schedule.length) {
    const dueS = ((performance.now() - started) / 1000) * SPEEDUP;
    while (i < schedule.length && schedule[i]!.atS <= dueS && outstanding < MAX_OUTSTANDING) {
      outstanding++;
      void send(schedule[i++]!);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  while (outstanding > 0) await new Promise((r) => setTimeout(r, 5));
  const seconds = (performance.now() - started) / 1000;
  const serverCpuMs = cpuMs(server.pid) - cpuBefore;
  await pool.close();
  return { reports: schedule.length, seconds, latencies, failures, deliveries, serverCpuMs };
}

function postgresAdmin(): string | null {
  const r = spawnSync(process.execPath, ['scripts/ensure-postgres.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

const dialect = process.env.FLEET_DB === 'postgres' ? 'postgres' : 'sqlite';
if (dialect === 'postgres') {
  const admin = postgresAdmin();
  if (!admin) throw new Error('no PostgreSQL for FLEET_DB=postgres');
  process.env.TSONKH_TEST_PG = admin;
}
const fresh = await createFreshDatabase({ dialect, prefix: 'tsonkh-fleet-' });
const target: DatabaseTarget = fresh.target;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsonkh-fleet-data-'));
let server: ServerChild | null = null;
try {
  server = await startServerChild({
    port: await freePort(),
    dataDir,
    env: { DATABASE_URL: fresh.url, LOG_LEVEL: 'warn' },
  });
  const db = createDatabase(target);
  let fleet: SimKiosk[];
  try {
    fleet = await registerFleet(db);
  } finally {
    await db.destroy();
  }
  const load = await runLoad(server, fleet);
  if (load.failures.length > 0) throw new Error(`the load failed:\n${load.failures.slice(0, 10).join('\n')}`);
  const cpuPerReport = load.serverCpuMs / load.reports;
  const fields = [
    `db=${dialect}`,
    `kiosks=${KIOSKS}`,
    `simulated_min=${MINUTES}`,
    `speedup=${SPEEDUP}`,
    `reports=${load.reports}`,
    `settings_delivered=${load.deliveries}`,
    `reports_per_s=${(load.reports / load.seconds).toFixed(1)}`,
    `cpu_per_report_ms=${cpuPerReport.toFixed(3)}`,
    `p50_ms=${percentile(load.latencies, 50).toFixed(1)}`,
    `p99_ms=${percentile(load.latencies, 99).toFixed(1)}`,
    `core_share=${((cpuPerReport * KIOSKS) / INTERVAL_S / 1000).toFixed(3)}`,
    `load=${os.loadavg()[0]!.toFixed(1)}`,
  ];
  console.log(`BENCH fleet ${fields.join(' ')} target=${TARGET}`);
  report('fleet', 'cpu_per_report_ms', cpuPerReport, '≤5');
  report('fleet', 'p99_ms', percentile(load.latencies, 99), '≤250');
} finally {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  await fresh.drop();
}
