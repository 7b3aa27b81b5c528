import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const LINUX = path.join(ROOT, 'kiosk-config/linux');
const UNITS = ['tsonkh-host.service', 'tsonkh-kiosk-browser.service', 'tsonkh-kiosk-electron.service'];
/** Debian's system units, which every unit's default dependencies (sysinit.target…) point into. */
const SYSTEM_UNITS = ['/usr/lib/systemd/system', '/lib/systemd/system'].find((d) => existsSync(d));

function analyzeMissing(): string | null {
  if (process.platform !== 'linux') return 'systemd units are checked on Linux only';
  const probe = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'systemd-analyze is not installed (apt-get install systemd)';
  if (!SYSTEM_UNITS) return 'no system unit folder (/usr/lib/systemd/system)';
  return null;
}
const SKIP_REASON = analyzeMissing();

/** key=value lines of one unit file, by section. */
function unitSettings(file: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  let section = '';
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      section = line;
      continue;
    }
    const eq = line.indexOf('=');
    const key = `${section}${line.slice(0, eq)}`;
    settings.set(key, [...(settings.get(key) ?? []), line.slice(eq + 1)]);
  }
  return settings;
}

describe('the Debian kiosk session units (kiosk-config/linux/systemd)', () => {
  it('restart on failure for ever, start at boot, and run as a dedicated user, never root', () => {
    for (const unit of UNITS) {
      const s = unitSettings(path.join(LINUX, 'systemd', unit));
      expect(s.get('[Service]Restart'), unit).toEqual(['always']);
      expect(s.get('[Unit]StartLimitIntervalSec'), `${unit}: no start limit`).toEqual(['0']);
      expect(s.get('[Install]WantedBy')?.[0], unit).toMatch(/^(multi-user|graphical)\.target$/);
      expect(s.get('[Service]User')?.[0], unit).toMatch(/^tsonkh-(host|kiosk)$/);
      expect(s.get('[Service]NoNewPrivileges'), unit).toEqual(['yes']);
    }
  });

  it('put the screen under cage on tty1 without VT switching (no -s), with no login prompt there', () => {
    for (const unit of ['tsonkh-kiosk-browser.service', 'tsonkh-kiosk-electron.service']) {
      const s = unitSettings(path.join(LINUX, 'systemd', unit));
      const exec = s.get('[Service]ExecStart')?.[0] ?? '';
      expect(exec, unit).toMatch(/^\/usr\/bin\/cage -d -- /);
      expect(exec.split(' -- ')[0], unit).not.toContain('-s');
      expect(s.get('[Service]TTYPath'), unit).toEqual(['/dev/tty1']);
      expect(s.get('[Unit]Conflicts'), unit).toEqual(['getty@tty1.service']);
      expect(s.get('[Service]PAMName'), unit).toEqual(['tsonkh-kiosk']);
    }
    expect(existsSync(path.join(LINUX, 'pam/tsonkh-kiosk'))).toBe(true);
  });

  it('browser mode: the host is a separate user from the screen, and the screen waits for it', () => {
    const host = unitSettings(path.join(LINUX, 'systemd/tsonkh-host.service'));
    const screen = unitSettings(path.join(LINUX, 'systemd/tsonkh-kiosk-browser.service'));
    expect(host.get('[Service]User')).toEqual(['tsonkh-host']);
    expect(screen.get('[Service]User')).toEqual(['tsonkh-kiosk']);
    expect(screen.get('[Unit]Wants')).toEqual(['tsonkh-host.service']);
    // Through the launcher, which rolls a release that never reports healthy back (issue 18).
    expect(host.get('[Service]ExecStart')).toEqual(['/usr/bin/node /opt/tsonkh/host/kiosk-launcher.mjs']);
    expect(host.get('[Service]Environment')).toEqual(
      expect.arrayContaining([
        'TSONKH_RELEASE_ROOT=/var/lib/tsonkh-host/releases',
        'TSONKH_FACTORY_ENTRY=/opt/tsonkh/host/browser-mode.mjs',
      ]),
    );
  });

  it('electron mode: the packaged kiosk keeps its releases in its own state folder (the release loader reads them)', () => {
    const electron = unitSettings(path.join(LINUX, 'systemd/tsonkh-kiosk-electron.service'));
    expect(electron.get('[Service]StateDirectory')).toEqual(['tsonkh-kiosk']);
    expect(electron.get('[Service]Environment')).toEqual(
      expect.arrayContaining(['TSONKH_RELEASE_ROOT=/var/lib/tsonkh-kiosk/releases']),
    );
  });

  it('the Chromium policy keeps the browser on the host page with DevTools, printing and downloads off', () => {
    const policy = JSON.parse(readFileSync(path.join(LINUX, 'chromium/tsonkh-policy.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(policy.URLBlocklist).toEqual(['*']);
    expect(policy.URLAllowlist).toEqual(['http://127.0.0.1:5180']);
    expect(policy.DeveloperToolsAvailability).toBe(2);
    expect(policy.PrintingEnabled).toBe(false);
    expect(policy.DownloadRestrictions).toBe(3);
  });

  describe.skipIf(SKIP_REASON !== null)(
    `systemd-analyze verify${SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : ''}`,
    () => {
      let root: string;

      beforeAll(() => {
        // A throw-away filesystem root: Debian's own units, the kiosk's units, and stand-ins for the
        // programs they start, so `verify` also checks that every ExecStart names an executable.
        root = mkdtempSync(path.join(os.tmpdir(), 'tsonkh-units-'));
        cpSync(SYSTEM_UNITS!, path.join(root, 'usr/lib/systemd/system'), { recursive: true });
        mkdirSync(path.join(root, 'etc/systemd/system'), { recursive: true });
        for (const unit of UNITS)
          copyFileSync(path.join(LINUX, 'systemd', unit), path.join(root, 'etc/systemd/system', unit));
        for (const exe of ['usr/bin/cage', 'usr/bin/node', 'opt/Tsonkh/tsonkh-kiosk']) {
          mkdirSync(path.dirname(path.join(root, exe)), { recursive: true });
          writeFileSync(path.join(root, exe), '#!/bin/sh\n');
          chmodSync(path.join(root, exe), 0o755);
        }
      });

      afterAll(() => {
        if (root) rmSync(root, { recursive: true, force: true });
      });

      it.each(UNITS)('%s: no error and no warning', (unit) => {
        const run = spawnSync(
          'systemd-analyze',
          ['verify', '--man=no', '--generators=no', `--root=${root}`, path.join(root, 'etc/systemd/system', unit)],
          { encoding: 'utf8' },
        );
        expect(run.stderr.trim()).toBe('');
        expect(run.status).toBe(0);
      });
    },
  );
});
