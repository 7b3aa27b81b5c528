import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import type { OperatorRole } from '../../../src-shared/console/console-api.js';
import { createDatabase } from '../../../src-server/db/database.js';
import { freePort, startServerChild, type ServerChild } from '../../support/server-process.js';
import { axeProblems } from './a11y.js';
import type { KioskEnvironment } from './kiosk-env.js';
import { REPO_ROOT } from './processes.js';

export const CONSOLE_PASSWORD = 'a long console passphrase';
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'tests', 'output', 'screenshots');
export const DESKTOP = { width: 1920, height: 1080 };

/** The console is part of `npm run build`; a checkout that has not built it gets it built once here. */
export function ensureConsoleBuilt(): void {
  if (existsSync(path.join(REPO_ROOT, 'dist', 'console', 'index.html'))) return;
  const r = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '-c', 'vite.console.config.ts'],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`the console did not build:\n${r.stderr}`);
}

/** The real central server (demo content) in its own process, and its operators made with `npm run operator`. */
export class ConsoleEnvironment {
  server: ServerChild | null = null;
  dataDir = '';

  async start(env: Record<string, string> = {}): Promise<ServerChild> {
    ensureConsoleBuilt();
    this.dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsonkh-console-e2e-'));
    this.server = await startServerChild({ port: await freePort(), dataDir: this.dataDir, env });
    return this.server;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = null;
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  get url(): string {
    if (!this.server) throw new Error('the server is not running');
    return `${this.server.url}/console/`;
  }

  /** `npm run operator -- add <login> --role …`, the password on standard input, as an operator would. */
  addOperator(login: string, role: OperatorRole, scope: { aimag?: string; agency?: string } = {}): void {
    const args = ['--import', 'tsx', 'src-server/cli/operator.ts', 'add', login, '--role', role];
    if (scope.aimag) args.push('--aimag', scope.aimag);
    if (scope.agency) args.push('--agency', scope.agency);
    const r = spawnSync(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, TSONKH_DATA_DIR: this.dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' },
      input: `${CONSOLE_PASSWORD}\n`,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr + r.stdout).toBe(0);
  }

  /** The server's own record after ten wrong passwords for one login: locked for 15 minutes from now. */
  async lockLogin(login: string): Promise<void> {
    const db = createDatabase({ kind: 'sqlite', path: path.join(this.dataDir, 'tsonkh.sqlite') });
    try {
      const now = Date.now();
      await db
        .insertInto('sign_in_failures')
        .values({
          key: `login:${login}`,
          failures: 10,
          last_failure_at: new Date(now).toISOString(),
          locked_until: new Date(now + 15 * 60_000).toISOString(),
        })
        .execute();
    } finally {
      await db.destroy();
    }
  }
}

/** Signs in through the form and waits for the header that says who is signed in. */
export async function signIn(page: Page, url: string, login: string, password = CONSOLE_PASSWORD): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Нэвтрэх нэр').fill(login);
  await page.getByLabel('Нууц үг').fill(password);
  await page.getByRole('button', { name: 'Нэвтрэх' }).click();
  await expect(page.getByTestId('who')).toContainText(login);
}

/** No WCAG 2.2 AA violation on the page as it is. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  expect(await axeProblems(page, name)).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `console-${name}.png`) });
}

/**
 * An administrator made with `npm run operator` on `env`'s server signs in through the form, finds
 * the case of `trackingNo` by its number and opens its page; `work` acts there (the context is
 * closed afterwards).
 */
export async function onCasePage(
  browser: Browser,
  env: KioskEnvironment,
  login: string,
  trackingNo: string,
  work: (office: Page) => Promise<void>,
): Promise<void> {
  ensureConsoleBuilt();
  const added = await env.runCli(
    'src-server/cli/operator.ts',
    ['add', login, '--role', 'admin'],
    `${CONSOLE_PASSWORD}\n`,
  );
  expect(added.status, added.stderr + added.stdout).toBe(0);
  const context = await browser.newContext({ viewport: DESKTOP });
  try {
    const office = await context.newPage();
    await signIn(office, `${env.server!.url}/console/`, login);
    await office.getByRole('navigation').getByRole('link', { name: 'Кейсүүд' }).click();
    await office.getByRole('searchbox').fill(trackingNo);
    await office.getByRole('button', { name: 'Шүүх' }).click();
    await expect(office.getByTestId('cases-total')).toHaveText('Нийт: 1');
    await office.getByTestId(`case-row-${trackingNo}`).getByRole('link').click();
    await work(office);
  } finally {
    await context.close();
  }
}

/** On a case page: the answer written and sent to the citizen's kiosk. */
export async function answerOnCasePage(office: Page, text: string): Promise<void> {
  await office.locator('summary', { hasText: 'Хариу өгөх' }).click();
  await office.getByLabel('Хариуны текст (иргэнд киоскоор очно)').fill(text);
  await office.getByRole('button', { name: 'Хариу өгөх', exact: true }).click();
  await expect(office.getByTestId('case-facts')).toContainText('Хариу өгсөн');
}
