import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_CONSOLE_APP_DIR,
  DEFAULT_DEMO_KIOSK_CONFIG,
  loadConfig,
} from '../../../src-server/config.js';

const cwd = '/srv/tsonkh';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    expect(loadConfig({}, cwd)).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/srv/tsonkh/data',
      database: { kind: 'sqlite', path: '/srv/tsonkh/data/tsonkh.sqlite' },
      logLevel: 'info',
      demo: null,
      contentKey: { path: '/srv/tsonkh/data/keys/content-signing.pem', fromEnv: false },
      submissionKey: { path: '/srv/tsonkh/data/keys/submission-encryption.pem', fromEnv: false },
      metricsToken: null,
      drainDelayMs: 0,
      console: { sessionLimits: { idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000 } },
      trustProxy: false,
      consoleAppDir: DEFAULT_CONSOLE_APP_DIR,
      openThreads: 0,
      faults: {},
    });
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        PORT: '0',
        HOST: '0.0.0.0',
        TSONKH_DATA_DIR: 'var',
        DATABASE_URL: 'sqlite:db/main.sqlite',
        LOG_LEVEL: 'DEBUG',
        TSONKH_DEMO: '1',
        TSONKH_DEMO_KIOSK_CONFIG: 'kiosk.json',
        TSONKH_CONTENT_KEY: 'secrets/content.pem',
        TSONKH_SUBMISSION_KEY: '/etc/tsonkh/submission.pem',
        TSONKH_FAULT_CRASH_AFTER_COMMIT: '0.25',
        TSONKH_METRICS_TOKEN: 'metrics-token-0123456789abcdef',
        TSONKH_DRAIN_DELAY_MS: '5000',
        TSONKH_SESSION_IDLE_MINUTES: '15',
        TSONKH_SESSION_MAX_HOURS: '8',
        TSONKH_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
        TSONKH_CONSOLE_DIR: 'web/console',
        TSONKH_OPEN_THREADS: '1',
      },
      cwd,
    );
    expect(config).toEqual({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/srv/tsonkh/var',
      database: { kind: 'sqlite', path: '/srv/tsonkh/db/main.sqlite' },
      logLevel: 'debug',
      demo: { kioskConfigPath: '/srv/tsonkh/kiosk.json', openData: true },
      contentKey: { path: '/srv/tsonkh/secrets/content.pem', fromEnv: true },
      submissionKey: { path: '/etc/tsonkh/submission.pem', fromEnv: true },
      metricsToken: 'metrics-token-0123456789abcdef',
      drainDelayMs: 5000,
      console: { sessionLimits: { idleMs: 15 * 60_000, absoluteMs: 8 * 3600_000 } },
      trustProxy: '10.0.0.0/8, 127.0.0.1',
      consoleAppDir: '/srv/tsonkh/web/console',
      openThreads: 1,
      faults: { crashAfterCommit: 0.25 },
    });
  });

  it('defaults the demo kiosk to kiosk-config/example.json in the repository', () => {
    expect(loadConfig({ TSONKH_DEMO: '1' }, cwd).demo).toEqual({
      kioskConfigPath: DEFAULT_DEMO_KIOSK_CONFIG,
      openData: true,
    });
    // The demo without its open data (e2e worlds that do not show it).
    expect(loadConfig({ TSONKH_DEMO: '1', TSONKH_DEMO_OPEN_DATA: '0' }, cwd).demo?.openData).toBe(false);
    expect(path.basename(DEFAULT_DEMO_KIOSK_CONFIG)).toBe('example.json');
  });

  it('reads the crash-after-commit fault probability', () => {
    expect(loadConfig({ TSONKH_FAULT_CRASH_AFTER_COMMIT: '1' }, cwd).faults).toEqual({ crashAfterCommit: 1 });
    expect(loadConfig({ TSONKH_FAULT_CRASH_AFTER_COMMIT: '0' }, cwd).faults).toEqual({ crashAfterCommit: 0 });
    expect(loadConfig({ TSONKH_FAULT_CRASH_AFTER_COMMIT: '.5' }, cwd).faults).toEqual({ crashAfterCommit: 0.5 });
  });

  it.each(['postgres://tsonkh:secret@db.example:5432/tsonkh', 'postgresql://tsonkh@127.0.0.1/tsonkh?sslmode=require'])(
    'takes a PostgreSQL DATABASE_URL (%s) as it is',
    (url) => {
      expect(loadConfig({ DATABASE_URL: url }, cwd).database).toEqual({ kind: 'postgres', url });
    },
  );

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' }, cwd).port).toBe(8080);
  });

  it.each([
    ['PORT', 'http'],
    ['PORT', '-1'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['LOG_LEVEL', 'loud'],
    ['TSONKH_DEMO', 'yes'],
    ['TSONKH_DEMO_OPEN_DATA', 'no'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'sqlite:'],
    ['DATABASE_URL', 'postgres://user:secret@db'],
    ['DATABASE_URL', 'postgresql://user:secret@/tsonkh'],
    ['TSONKH_FAULT_CRASH_AFTER_COMMIT', '2'],
    ['TSONKH_FAULT_CRASH_AFTER_COMMIT', 'yes'],
    ['TSONKH_FAULT_CRASH_AFTER_COMMIT', '-0.1'],
    ['TSONKH_METRICS_TOKEN', 'short-secret'],
    ['TSONKH_DRAIN_DELAY_MS', '5s'],
    ['TSONKH_DRAIN_DELAY_MS', '-1'],
    ['TSONKH_DRAIN_DELAY_MS', '600000'],
    // Gone: operator routes need a console session now; a leftover token must not look like it guards anything.
    ['TSONKH_OPERATOR_TOKEN', 'op-token-0123456789abcdef-secret'],
    ['TSONKH_SESSION_IDLE_MINUTES', '0'],
    ['TSONKH_SESSION_MAX_HOURS', 'forever'],
    ['TSONKH_TRUST_PROXY', 'everyone'],
    ['TSONKH_OPEN_THREADS', 'two'],
    ['TSONKH_OPEN_THREADS', '-1'],
    ['TSONKH_OPEN_THREADS', '17'],
  ])('refuses %s=%s with an error naming it', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value }, cwd);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(name);
    expect((error as Error).message).not.toContain('secret');
  });
});
