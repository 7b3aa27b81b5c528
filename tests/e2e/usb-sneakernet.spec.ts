import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { applyForService, KioskPage, ReceiptPage, ServicesPage, waitForAppEvent } from './pages/kiosk-page.js';
import { SERVER_JOURNEY, type KioskEnvironment } from './support/kiosk-env.js';
import { expect, test } from './support/fixtures.js';

/** Issue 17: "Sneakernet both ways" and "When the disk fills", through the real UI, host and server commands. */

const ANSWERS = {
  registrationNumber: 'уб 99032112',
  phone: '9911 2233',
  moveType: 'between-aimags',
  newAddress: 'Баян-Өлгий аймаг, Өлгий сум, 5-р баг, 12-р гудамж, 7 тоот',
};

/** A server command on this world's demo server (whose keys are the public demo keys: `TSONKH_DEMO=1`). */
async function demoCli(env: KioskEnvironment, file: string, args: string[]) {
  const before = process.env.TSONKH_DEMO;
  process.env.TSONKH_DEMO = '1';
  try {
    return await env.runCli(file, args);
  } finally {
    if (before === undefined) delete process.env.TSONKH_DEMO;
    else process.env.TSONKH_DEMO = before;
  }
}

async function openTechnician(page: Page): Promise<void> {
  for (let i = 0; i < 5; i++) await page.getByTestId('app-title').click();
  for (const d of '240421') await page.getByTestId(`pin-key-${d}`).click();
  await page.getByTestId('pin-submit').click();
  await waitForAppEvent(page, 'technician-unlocked');
}

test(
  'a kiosk without a network hands its outbox in on a USB stick, the centre imports it exactly once, and the statuses come back on a bundle',
  SERVER_JOURNEY,
  async ({ page, env }) => {
    const kiosk = new KioskPage(page);
    await kiosk.open(env.kiosk!.url);
    await waitForAppEvent(page, 'content-applied');
    await env.stopServer();
    await kiosk.expectNetwork('offline');
    const trackingNo = await applyForService(page, ANSWERS);
    await expect(new ReceiptPage(page).deliveryState()).toHaveAttribute('data-state', 'queued');

    // The technician writes the outbox to the stick.
    const stick = path.join(env.dir, 'usb', 'STICK');
    mkdirSync(stick, { recursive: true });
    await openTechnician(page);
    await page.getByTestId('find-usb-folders').click();
    const folder = page.getByTestId('usb-folder').filter({ hasText: stick });
    await folder.getByTestId('export-outbox').click();
    await waitForAppEvent(page, 'outbox-exported', { items: '1' });
    await expect(page.getByTestId('usb-message')).toContainText('Хадгаллаа: 1 хүсэлт');
    const [file] = readdirSync(stick).filter((f) => f.startsWith('tsonkh-outbox-0421-'));
    expect(file).toBeDefined();
    const text = readFileSync(path.join(stick, file!), 'utf8');
    // Sealed: neither the registration number nor the phone nor the address is in the file.
    for (const canary of ['99032112', '99112233', '12-р гудамж']) expect(text).not.toContain(canary);

    // The diagnostics file for the technician to hand in: none of the citizen's data, no PIN, no credential.
    await folder.getByTestId('export-diagnostics').click();
    await waitForAppEvent(page, 'diagnostics-exported');
    const [diagnostics] = readdirSync(stick).filter((f) => f.startsWith('tsonkh-diagnostics-0421-'));
    const diagnosticsText = readFileSync(path.join(stick, diagnostics!), 'utf8');
    expect(JSON.parse(diagnosticsText)).toMatchObject({
      settings: { kioskCode: '0421' },
      kiosk: { outbox: { queued: 1 } },
    });
    for (const canary of ['99032112', '99112233', '12-р гудамж', '240421', '735210', 'Сарнай', 'credential-change-me'])
      expect(diagnosticsText).not.toContain(canary);

    // At the centre (a demo server: its keys are the demo keys): taken once; the second time
    // nothing changes and it says so.
    const first = await demoCli(env, 'src-server/cli/import-outbox.ts', [path.join(stick, file!)]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Kiosk 0421');
    expect(first.stdout).toContain('1 new, 0 already had, 0 refused');
    const second = await demoCli(env, 'src-server/cli/import-outbox.ts', [path.join(stick, file!)]);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('0 new, 1 already had, 0 refused');
    expect(second.stdout).toContain('Nothing changed');
    expect(await env.serverRows(trackingNo)).toBe(1);

    // An operator moves the case on; the next bundle for this kiosk carries it back.
    expect((await demoCli(env, 'src-server/cli/set-status.ts', [trackingNo, 'in_progress'])).status).toBe(0);
    const bundle = path.join(stick, 'bundle');
    const exported = await demoCli(env, 'src-server/cli/export-content.ts', [bundle, '--kiosk', '0421']);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain('Kiosk 0421: 1 submissions it may mark delivered, 2 status changes');

    await page.getByTestId('find-bundles').click();
    await page.getByTestId('import-bundle').filter({ hasText: bundle }).click();
    await waitForAppEvent(page, 'kiosk-return-applied', { delivered: '1', statuses: '2' });
    await expect(page.getByTestId('import-message')).toContainText('Төвд хүрсэн хүсэлт: 1, шинэ төлөв: 2.');
    const counts = await page.evaluate(() => window.__tsonkh!.api!.outboxCounts());
    expect(counts).toMatchObject({ accepted: 1 });
    expect(counts.queued ?? 0).toBe(0);
    expect(counts.sending ?? 0).toBe(0);

    // Back on the network later: nothing is sent twice.
    await env.startServer();
    await waitForAppEvent(page, 'sync-complete');
    expect(await env.serverRows(trackingNo)).toBe(1);
  },
);

/** A real small filesystem for the kiosk's journal: a 2 MB tmpfs (needs root; skipped where mounting is not allowed). */
const small = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  try {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tsonkh-e2e-small-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]);
    execFileSync('umount', [dir]);
    return dir;
  } catch {
    return null;
  }
})();

test.describe('a kiosk whose disk fills', () => {
  test.skip(small === null, 'mounting a 2 MB tmpfs needs root on Linux');
  const journalDir = path.join(small ?? os.tmpdir(), 'journal');
  test.use({ world: { journalDir } });
  let before: string | undefined;
  test.beforeAll(() => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', small!]);
    // The kiosk keeps 512 KB in reserve on this 2 MB disk (64 MB on a real one).
    before = process.env.TSONKH_KIOSK_MIN_FREE_MB;
    process.env.TSONKH_KIOSK_MIN_FREE_MB = '0.5';
  });
  test.afterAll(() => {
    if (before === undefined) delete process.env.TSONKH_KIOSK_MIN_FREE_MB;
    else process.env.TSONKH_KIOSK_MIN_FREE_MB = before;
    execFileSync('umount', [small!]);
    rmSync(small!, { recursive: true, force: true });
  });

  test(
    'stops taking new submissions with a plain message, and still delivers what was queued',
    SERVER_JOURNEY,
    async ({ page, env }) => {
      const kiosk = new KioskPage(page);
      await kiosk.open(env.kiosk!.url);
      await waitForAppEvent(page, 'content-applied');
      await env.stopServer();
      await kiosk.expectNetwork('offline');
      const queued = await applyForService(page, ANSWERS);

      // The disk fills up (something else on the machine wrote a big file).
      writeFileSync(path.join(small!, 'filler'), Buffer.alloc(1700 * 1024));
      await kiosk.home();
      const services = new ServicesPage(page);
      await services.openService('migration-registration', 'address-and-moving');
      await services.apply();
      await waitForAppEvent(page, 'storage-full');
      await expect(page.getByTestId('storage-full')).toContainText(
        'Энэ машины санах ой дүүрсэн тул одоо шинэ хүсэлт авах боломжгүй',
      );
      await expect(page.getByTestId('to-review')).toBeDisabled();

      // What was queued before is kept and delivered once the server is back.
      await env.startServer();
      await waitForAppEvent(page, 'submission-delivered', { trackingNo: queued });
      expect(await env.serverRows(queued)).toBe(1);

      // Room again: the form takes submissions once more.
      rmSync(path.join(small!, 'filler'));
      await kiosk.home();
      await services.openService('migration-registration', 'address-and-moving');
      await services.apply();
      await expect(page.getByTestId('to-review')).toBeEnabled();
      await expect(page.getByTestId('storage-full')).toHaveCount(0);
    },
  );
});
