import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startBrowserModeKiosk } from '../../src-main/browser-mode.js';
import { KioskPage, waitForAppEvent } from './pages/kiosk-page.js';
import { SERVER_JOURNEY, type KioskEnvironment } from './support/kiosk-env.js';
import { REPO_ROOT } from './support/processes.js';
import { expect, test } from './support/fixtures.js';

/** A one-time code from the server's own CLI (`npm run enrol`), as an administrator makes it. */
async function enrolmentCode(env: KioskEnvironment, mode = 'citizen'): Promise<string> {
  const r = await env.runCli('src-server/cli/enrol.ts', [
    '--aimag',
    '83',
    '--soum',
    '8301',
    '--place',
    'Сүмбэр сумын ЗДТГ',
    '--mode',
    mode,
  ]);
  expect(r.status, r.stderr).toBe(0);
  const code = /([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(r.stdout)?.[1];
  if (!code) throw new Error(`no code in ${r.stdout}`);
  return code;
}

async function typeEnrolment(page: Page, serverUrl: string, code: string) {
  await page.getByTestId('enrol-server').fill(serverUrl);
  await page.getByTestId('enrol-code').fill(code);
  await page.getByTestId('enrol-submit').click();
}

async function sendPetition(page: Page, kiosk: KioskPage): Promise<string> {
  await kiosk.openTile('petition');
  await page.getByTestId('petition-category-suggestion').click();
  await page.getByTestId('next').click();
  await page.getByTestId('petition-subject').fill('Номын сан');
  await page.getByTestId('petition-text').fill('Сумын номын санд шинэ ном авч өгөхийг хүсье.');
  await page.getByTestId('next').click();
  await page.getByTestId('next').click();
  await page.getByTestId('consent').check();
  await page.getByTestId('submit').click();
  await waitForAppEvent(page, 'receipt-printed');
  const trackingNo = (await page.getByTestId('tracking-number').innerText()).trim();
  await page.getByTestId('receipt-done').click();
  return trackingNo;
}

test.describe('enrolment', SERVER_JOURNEY, () => {
  test('a technician enrols a fresh kiosk with a one-time code; revocation and re-enrolment keep the queue and the numbering', async ({
    page,
    env,
  }) => {
    // A fresh kiosk: its config has no kiosk code, credential or keys, only the machine's own settings.
    const configPath = path.join(env.dir, 'fresh-kiosk.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        printer: { kind: 'capture', captureDir: path.join(env.dir, 'receipts-fresh'), width: 48 },
        technicianPin: '240421',
        sync: { intervalSeconds: 2 },
        importDirs: [path.join(env.dir, 'usb')],
        testHooks: true,
      }),
      { mode: 0o600 },
    );
    const fresh = await startBrowserModeKiosk({
      configPath,
      port: 0,
      staticDir: path.join(REPO_ROOT, 'dist/renderer'),
      journalDir: path.join(env.dir, 'journal-fresh'),
    });
    try {
      const serverUrl = `http://127.0.0.1:${env.serverPort}`;
      const kiosk = new KioskPage(page);
      await page.goto(fresh.url);
      await waitForAppEvent(page, 'out-of-service', { state: 'unenrolled' });
      const closed = page.getByTestId('out-of-service');
      await expect(closed).toContainText('Энэ ТҮЦ машин түр ажиллахгүй байна');
      await expect(closed).toContainText('Бұл ТҮЦ машинасы уақытша жұмыс істемейді');
      await expect(closed).toContainText('This kiosk is out of service for now');
      await page.getByTestId('open-enrol').click();

      // Expired: a code whose hour is over.
      const late = await enrolmentCode(env);
      await (
        await env.serverDb()
      )
        .updateTable('enrolment_codes')
        .set({ expires_at: '2020-01-01T00:00:00.000Z' })
        .where('used_at', 'is', null)
        .execute();
      await typeEnrolment(page, serverUrl, late);
      await expect(page.getByTestId('enrol-message')).toContainText('хугацаа дууссан');

      // OK: the kiosk gets its code, place and the server's keys, and starts again as itself.
      const first = await enrolmentCode(env);
      await typeEnrolment(page, serverUrl, first.toLowerCase());
      await waitForAppEvent(page, 'ready', { kioskCode: '8301' });
      const trackingNo = await (async () => {
        await kiosk.start();
        return sendPetition(page, kiosk);
      })();
      expect(trackingNo.startsWith('8301-')).toBe(true);
      await waitForAppEvent(page, 'submission-delivered', { trackingNo });
      expect(await env.serverRows(trackingNo)).toBe(1);

      // Reused: the same code again, from the technician screen, is refused.
      await kiosk.start();
      for (let i = 0; i < 5; i++) await page.getByTestId('app-title').click();
      for (const d of '240421') await page.getByTestId(`pin-key-${d}`).click();
      await page.getByTestId('pin-submit').click();
      await expect(page.getByTestId('enrolment-state')).toContainText('Өөрийн түлхүүрээр бүртгэгдсэн');
      await page.getByTestId('open-enrol').click();
      await typeEnrolment(page, serverUrl, first);
      await expect(page.getByTestId('enrol-message')).toContainText('аль хэдийн ашиглагдсан');
      await page.getByTestId('nav-home').click();

      // Offline, a citizen's petition is queued; meanwhile the centre revokes the kiosk.
      await env.stopServer();
      const queued = await sendPetition(page, kiosk);
      expect(queued).not.toBe(trackingNo);
      const revoked = await env.runCli('src-server/cli/enrol.ts', ['--revoke', '8301']);
      expect(revoked.status, revoked.stderr).toBe(0);
      await env.startServer();
      await waitForAppEvent(page, 'out-of-service', { state: 'revoked' });
      await expect(page.getByTestId('out-of-service')).toContainText('Техникийн ажилтанд хандана уу');
      expect(await env.serverRows(queued)).toBe(0);

      // Re-enrolled: same machine, same kiosk code; the queued petition goes, and numbering carries on.
      await page.getByTestId('open-enrol').click();
      await typeEnrolment(page, serverUrl, await enrolmentCode(env));
      await waitForAppEvent(page, 'ready', { kioskCode: '8301' });
      await waitForAppEvent(page, 'submission-delivered', { trackingNo: queued });
      expect(await env.serverRows(queued)).toBe(1);
      await kiosk.start();
      const next = await sendPetition(page, kiosk);
      const seq = (no: string) => Number(no.split('-')[1]);
      expect(seq(next)).toBeGreaterThan(seq(queued));
      expect(seq(queued)).toBeGreaterThan(seq(trackingNo));
      await waitForAppEvent(page, 'submission-delivered', { trackingNo: next });
      expect(await env.serverRows(next)).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});
