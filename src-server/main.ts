import type { KeyObject } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildServer } from './app.js';
import { releaseBlobDir } from './releases/release-store.js';
import { createDiskGuard, diskLimitsFromEnv } from './ops/disk-guard.js';
import { ConfigError, loadConfig, type ServerConfig } from './config.js';
import { seedDemo } from './content/demo-seed.js';
import { seedDemoOpenData } from './open-data/demo-open-data.js';
import { refuseDemoCredential } from './kiosks/kiosk-config-file.js';
import { loadServerContentKey, type LoadedContentKey } from './content/signing.js';
import { loadServerSubmissionKey, type LoadedSubmissionKey } from './submissions/submission-key.js';
import { inlineOpener, threadOpener } from './submissions/envelope-opener.js';
import { createDatabaseWithPool, type Database } from './db/database.js';
import { withStartupLock } from './db/locks.js';
import { migrateToLatest } from './db/migrate.js';
import { backfillLawComments } from './laws/backfill-comments.js';
import { refreshAllLawCommentCounts } from './laws/comment-counts.js';
import { PUBLIC_REPORT_REFRESH_MS, publishPublicReport } from './report/public-report.js';
import { REPORT_FACTS_REFRESH_MS, refreshReportFacts } from './report/report-facts.js';
import { HEALTH_PRUNE_INTERVAL_MS, pruneKioskHealth } from './kiosks/kiosk-health.js';
import { createLogger, type Logger } from './logger.js';
import { ServerLifecycle } from './ops/lifecycle.js';
import { ServerMetrics } from './ops/metrics.js';

/** A second signal, or a close that hangs this long after the drain delay, ends the process without waiting. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Entry point (`tsx src-server/main.ts`): configuration, migrations, optional demo seed, then
 * listen. On SIGINT/SIGTERM: readiness goes 503 first (and stays so for TSONKH_DRAIN_DELAY_MS while
 * requests are still taken, so a load balancer moves traffic away), then the listener closes and
 * the requests in flight finish, then the database closes, so no acknowledged submission is cut
 * off mid-write.
 */
async function main(): Promise<void> {
  const config = readConfig();
  if (!config) {
    process.exitCode = 2;
    return;
  }
  const logger = createLogger(config.logLevel);
  const contentKey = await readContentKey(config, logger);
  const submissionKey = await readSubmissionKey(config, logger);
  if (!contentKey || !submissionKey) {
    process.exitCode = 2;
    return;
  }
  if (config.faults.crashAfterCommit !== undefined) {
    logger.warn(
      { crashAfterCommit: config.faults.crashAfterCommit },
      'TEST-ONLY fault injection is on: the process will exit after committing submissions (never use in production)',
    );
  }
  const { db, pool } = createDatabaseWithPool(config.database);
  // Several servers may start at once on one PostgreSQL database (a scaled-out deployment, a
  // restart of all of them): one at a time migrates, seeds and backfills; the others then find
  // it done. Kysely's migrator locks too, but the seed and the backfill after it do not.
  await withStartupLock(db, async () => {
    await migrateToLatest(db, logger);
    // The demo keeps its story current: laws open for comment stay open on whatever day it is shown.
    if (config.demo) {
      await seedDemo(db, { kioskConfigPath: config.demo.kioskConfigPath, logger, today: new Date() });
      if (config.demo.openData) {
        const openData = await seedDemoOpenData(db);
        logger.info({ added: openData.reduce((n, o) => n + o.added + o.changed, 0) }, 'demo open data ready');
      }
    }
    await prepareLawComments(db, submissionKey.key.privateKey, logger);
  });
  if (!config.demo && !(await refuseToServeDemoKiosk(db, logger))) {
    await db.destroy();
    process.exitCode = 2;
    return;
  }
  // The public petition report kiosks show moves with the days: refreshed once the server listens
  // (on a national database the year's report takes seconds; kiosks are not kept waiting for it,
  // nor are other processes behind the start-up lock), then daily (idempotent, so several
  // processes doing it publish one change), and on demand from the console or the CLI.
  const reportTimer = setInterval(() => void refreshPublicReport(db, logger), PUBLIC_REPORT_REFRESH_MS);
  reportTimer.unref();
  // Kiosk health: hourly roll-ups and closed events older than HEALTH_KEEP_DAYS go, daily.
  const healthTimer = setInterval(() => void pruneHealth(db, logger), HEALTH_PRUNE_INTERVAL_MS);
  healthTimer.unref();
  // The report's facts follow the status-change log every minute, so a report catches up on a
  // minute's changes at most (computeReport refreshes them first too).
  const factsTimer = setInterval(() => void refreshFacts(db, logger), REPORT_FACTS_REFRESH_MS);
  factsTimer.unref();

  const lifecycle = new ServerLifecycle();
  const privateKey = submissionKey.key.privateKey;
  const envelopeOpener =
    config.openThreads > 0
      ? threadOpener(privateKey, config.openThreads, (err) =>
          logger.error({ err }, 'an envelope-opening thread failed; its work goes to the main thread'),
        )
      : inlineOpener(privateKey);
  const app = buildServer({
    db,
    logger,
    contentKey: contentKey.key,
    submissionKey: submissionKey.key,
    faults: config.faults,
    console: config.console,
    consoleAppDir: config.consoleAppDir,
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
    metrics: new ServerMetrics({ processMetrics: true }),
    dbPool: pool,
    lifecycle,
    envelopeOpener,
    // The data folder's disk; on PostgreSQL the database's own disk-full error still answers 503.
    diskGuard: createDiskGuard({ dir: config.dataDir, limits: diskLimitsFromEnv() }),
    releaseBlobDir: releaseBlobDir(config.dataDir),
  });
  app.addHook('onClose', () => envelopeOpener.close());
  const url = await app.listen({ host: config.host, port: config.port });
  void refreshPublicReport(db, logger);
  logger.info(
    {
      url,
      dataDir: config.dataDir,
      database: config.database.kind,
      metrics: config.metricsToken !== null,
      openThreads: config.openThreads,
    },
    'tsonkh central server ready',
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    clearInterval(reportTimer);
    lifecycle.beginDrain();
    logger.info({ signal, drainDelayMs: config.drainDelayMs }, 'shutting down: readiness now answers 503');
    setTimeout(() => {
      logger.error('shutdown took too long: exiting');
      process.exit(1);
    }, config.drainDelayMs + SHUTDOWN_GRACE_MS).unref();
    setTimeout(() => void shutdown(app, db, logger), config.drainDelayMs);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** The configuration, or null after logging which variable is wrong. */
function readConfig(): ServerConfig | null {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    createLogger('info').fatal(err.message);
    return null;
  }
}

/** The content-signing key, or null after logging what is wrong and how to fix it. */
async function readContentKey(config: ServerConfig, logger: Logger): Promise<LoadedContentKey | null> {
  try {
    const loaded = await loadServerContentKey(config);
    for (const warning of loaded.warnings) logger.warn(warning);
    logger.info(
      { keyId: loaded.key.keyId, publicKey: loaded.key.publicKey, path: loaded.path, demoKey: loaded.demo },
      loaded.demo ? 'signing content with the public demo key (demo mode only)' : 'content-signing key loaded',
    );
    return loaded;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    logger.fatal(err.message);
    return null;
  }
}

/** False, after logging which kiosk and what to do, when a kiosk still has the public demo credential. */
async function refuseToServeDemoKiosk(db: Database, logger: Logger): Promise<boolean> {
  try {
    await refuseDemoCredential(db);
    return true;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    logger.fatal(err.message);
    return false;
  }
}

/** The submission-encryption key, or null after logging what is wrong and how to fix it. */
async function readSubmissionKey(config: ServerConfig, logger: Logger): Promise<LoadedSubmissionKey | null> {
  try {
    const loaded = await loadServerSubmissionKey(config);
    for (const warning of loaded.warnings) logger.warn(warning);
    logger.info(
      { keyId: loaded.key.keyId, publicKey: loaded.key.publicKey, path: loaded.path, demoKey: loaded.demo },
      loaded.demo
        ? 'opening submissions with the public demo key (demo mode only)'
        : 'submission-encryption key loaded',
    );
    return loaded;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    logger.fatal(err.message);
    return null;
  }
}

/**
 * Comments accepted before the server kept their text get it now, and every law's comment
 * counts are published if they are not yet (both idempotent: a normal start does nothing).
 */
async function prepareLawComments(db: Database, privateKey: KeyObject, logger: Logger): Promise<void> {
  const backfill = await backfillLawComments(db, privateKey);
  if (backfill.filled > 0) logger.info({ filled: backfill.filled }, 'stored the text of earlier law comments');
  if (backfill.unopened.length > 0) {
    logger.warn(
      { trackingNos: backfill.unopened },
      'some law comments do not open with this submission key: their text is missing from exports',
    );
  }
  const published = await refreshAllLawCommentCounts(db);
  if (published.length > 0) logger.info({ laws: published.map((c) => c.id) }, 'published law comment counts');
}

/** Prunes old kiosk health roll-ups and closed events; a failure is logged, never fatal. */
async function pruneHealth(db: Database, logger: Logger): Promise<void> {
  try {
    const pruned = await pruneKioskHealth(db);
    if (pruned.hours + pruned.events > 0) logger.info(pruned, 'pruned old kiosk health rows');
  } catch (err) {
    logger.error({ err }, 'could not prune old kiosk health rows');
  }
}

/** Brings the 11-11 report's facts up to date; a failure is logged, never fatal (the next report tries again). */
async function refreshFacts(db: Database, logger: Logger): Promise<void> {
  try {
    const refresh = await refreshReportFacts(db);
    if (refresh.rebuilt) logger.info({ petitions: refresh.petitions }, 'built the report facts for every petition');
  } catch (err) {
    logger.error({ err }, 'could not refresh the report facts');
  }
}

/** Publishes the public part of the 11-11 report if it changed; a failure is logged, never fatal. */
async function refreshPublicReport(db: Database, logger: Logger): Promise<void> {
  try {
    const { change, report } = await publishPublicReport(db);
    if (change)
      logger.info({ seq: change.seq, from: report.from, to: report.to }, 'published the public petition report');
  } catch (err) {
    logger.error({ err }, 'could not publish the public petition report');
  }
}

async function shutdown(app: FastifyInstance, db: Database, logger: Logger): Promise<void> {
  try {
    logger.info('closing the listener; finishing the requests in flight');
    await app.close();
    await db.destroy();
    logger.info('stopped');
  } catch (err) {
    logger.error({ err }, 'error while shutting down');
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  createLogger('info').fatal({ err }, 'server failed to start');
  process.exit(1);
});
