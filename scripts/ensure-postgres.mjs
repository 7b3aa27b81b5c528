#!/usr/bin/env node
// Makes sure a PostgreSQL server the tests may use is running, and prints its admin URL (a role
// that may create and drop databases: each test makes a fresh one). Idempotent: a second run
// changes nothing. Plain Node, so it runs before `npm ci` has built anything.
//
//   TSONKH_TEST_PG set          -> checks that URL answers and prints it
//   Debian/Ubuntu, run as root  -> installs postgresql if missing, starts the cluster, makes role
//                                  tsonkh (password tsonkh, LOGIN CREATEDB) and database tsonkh
//   otherwise                   -> exit 1 with one line saying what to run
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const DEFAULT_ADMIN_URL = 'postgres://tsonkh:tsonkh@127.0.0.1:5432/postgres';
const ROLE = 'tsonkh';
const HOW =
  'PostgreSQL for tests: run `sudo node scripts/ensure-postgres.mjs` on Debian/Ubuntu, or set ' +
  'TSONKH_TEST_PG=postgres://user:password@host:5432/postgres (a role with CREATEDB)';

class SetupError extends Error {}

/** Runs a command; throws with its output when it fails. */
function run(cmd, args, { quiet = true } = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'] });
  if (r.error) throw new SetupError(`${cmd}: ${r.error.message}`);
  if (r.status !== 0)
    throw new SetupError(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${r.stderr ?? ''}`.trim());
  return r.stdout ?? '';
}

/** psql as the postgres superuser over the local socket (peer authentication). */
function psqlAsPostgres(port, query) {
  return run('runuser', ['-u', 'postgres', '--', 'psql', '-X', '-q', '-p', String(port), '-tA', '-c', query]).trim();
}

function installedVersions() {
  if (!existsSync('/usr/lib/postgresql')) return [];
  return readdirSync('/usr/lib/postgresql')
    .filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/postgres`))
    .sort((a, b) => Number(b) - Number(a));
}

/** `pg_lsclusters -h`: "15 main 5432 online postgres /var/lib/... /var/log/..." */
function clusters() {
  return run('pg_lsclusters', ['-h'])
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [version, name, port, status] = line.split(/\s+/);
      return { version, name, port: Number(port), online: status.startsWith('online') };
    });
}

async function canConnect(url) {
  let pg;
  try {
    pg = (await import('pg')).default;
  } catch {
    return true; // before `npm ci`: the tests will say it if the URL is wrong
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Returns the admin URL of a running PostgreSQL the tests may use; throws SetupError when it cannot. */
export async function ensurePostgres(env = process.env) {
  const given = env.TSONKH_TEST_PG?.trim();
  if (given) {
    if (!(await canConnect(given)))
      throw new SetupError(`TSONKH_TEST_PG does not answer: ${given.replace(/:[^:@/]*@/, ':***@')}`);
    return given;
  }
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform !== 'linux' || !existsSync('/etc/debian_version') || !root) throw new SetupError(HOW);

  if (installedVersions().length === 0) {
    run('apt-get', ['update'], { quiet: false });
    run('apt-get', ['install', '-y', 'postgresql'], { quiet: false });
  }
  const version = installedVersions()[0];
  if (!version)
    throw new SetupError(`postgresql is installed but no server binary was found under /usr/lib/postgresql. ${HOW}`);
  let cluster = clusters().find((c) => c.version === version && c.name === 'main');
  if (!cluster) {
    run('pg_createcluster', [version, 'main']);
    cluster = clusters().find((c) => c.version === version && c.name === 'main');
  }
  if (!cluster) throw new SetupError(`could not create PostgreSQL cluster ${version}/main`);
  if (!cluster.online) run('pg_ctlcluster', [version, 'main', 'start']);

  const exists = psqlAsPostgres(cluster.port, `select 1 from pg_roles where rolname = '${ROLE}'`);
  if (exists !== '1') {
    psqlAsPostgres(cluster.port, `create role ${ROLE} with login createdb password '${ROLE}'`);
  }
  // A database of its own for running the server by hand (tests make and drop their own).
  if (psqlAsPostgres(cluster.port, `select 1 from pg_database where datname = '${ROLE}'`) !== '1') {
    psqlAsPostgres(cluster.port, `create database ${ROLE} owner ${ROLE}`);
  }
  const url = `postgres://${ROLE}:${ROLE}@127.0.0.1:${cluster.port}/postgres`;
  if (!(await canConnect(url)))
    throw new SetupError(`PostgreSQL ${version}/main is running but ${url} does not answer`);
  return url;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(await ensurePostgres());
  } catch (err) {
    console.error(err instanceof SetupError ? err.message : String(err));
    process.exit(1);
  }
}
