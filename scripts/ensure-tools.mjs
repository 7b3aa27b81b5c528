#!/usr/bin/env node
// What the tests need from the operating system, found or installed before any test runs.
//
// The end-to-end and fault tests drive Debian's Chromium (never a downloaded browser). On Debian
// as root it is installed with apt-get, as CI does; anywhere else this stops at once with the one
// command to run, instead of letting test after test fail. Plain Node with no dependencies, so
// it also runs before `npm ci`.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';

const chromium = process.env.TSONKH_CHROMIUM ?? '/usr/bin/chromium';

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** True where this process may install Debian packages itself: Debian (or a derivative) and root. */
function canApt() {
  return (
    process.platform === 'linux' &&
    existsSync('/etc/debian_version') &&
    typeof process.getuid === 'function' &&
    process.getuid() === 0 &&
    executable('/usr/bin/apt-get')
  );
}

function apt(args) {
  const r = spawnSync('apt-get', args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return r.status === 0;
}

/** Installs Debian packages as root; false when apt-get failed. */
function aptInstall(packages) {
  console.log(`ensure-tools: installing ${packages.join(', ')} from Debian with apt-get…`);
  return apt(['update', '-qq']) && apt(['install', '-y', '-qq', ...packages]);
}

function ensureChromium() {
  if (executable(chromium)) return true;
  if (process.env.TSONKH_CHROMIUM === undefined && canApt() && aptInstall(['chromium']) && executable(chromium))
    return true;
  console.error(
    process.env.TSONKH_CHROMIUM !== undefined
      ? `ensure-tools: TSONKH_CHROMIUM=${chromium} is not an executable Chromium: point it at one, or unset it to use /usr/bin/chromium.`
      : `ensure-tools: the tests need Debian's Chromium at /usr/bin/chromium: run \`sudo apt-get install -y chromium\` (or set TSONKH_CHROMIUM to a Chromium binary).`,
  );
  return false;
}

if (!ensureChromium()) process.exit(1);
