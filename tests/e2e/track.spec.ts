import path from 'node:path';
import { applyForService, KioskPage, waitForAppEvent, typeOnTrackKeypad } from './pages/kiosk-page.js';
import { SERVER_JOURNEY, type KioskEnvironment } from './support/kiosk-env.js';
import { REPO_ROOT } from './support/processes.js';
import { expect, test } from './support/fixtures.js';

/** What an operator does until the console exists: `npm run status -- <number> <status>`. */
async function setStatus(env: KioskEnvironment, trackingNo: string, status: string): Promise<void> {
  const r = await env.runCli('src-server/cli/set-status.ts', [trackingNo, status]);
  expect(r.status, r.stderr).toBe(0);
}

test(
  'a citizen checks a receipt on the keypad: a typo is caught, the status comes back, and works offline',
  SERVER_JOURNEY,
  async ({ page, env }) => {
    const kiosk = new KioskPage(page);
    await kiosk.open(env.kiosk!.url);
    await waitForAppEvent(page, 'content-applied');
    const trackingNo = await applyForService(page, {
      registrationNumber: 'УБ99032112',
      phone: '99112233',
      moveType: 'within-aimag',
      newAddress: 'Өлгий сум, 4-р баг',
    });
    await waitForAppEvent(page, 'submission-delivered', { trackingNo });

    await setStatus(env, trackingNo, 'forwarded');
    await waitForAppEvent(page, 'statuses-updated');

    await kiosk.openTile('track');
    // One digit wrong: the check digit catches it before anything is looked up.
    const digits = trackingNo.replace(/\D/g, '');
    const typo = digits.slice(0, 6) + String((Number(digits[6]) + 1) % 10) + digits.slice(7);
    await typeOnTrackKeypad(page, typo);
    await expect(page.getByTestId('track-result')).toContainText('Дугаарт алдаа байна');

    for (let i = 0; i < typo.length; i++) await page.getByTestId('track-key-erase').click();
    await typeOnTrackKeypad(page, digits);
    await expect(page.getByTestId('track-status')).toHaveAttribute('data-status', 'forwarded');
    await expect(page.getByTestId('track-status')).toContainText('шилжүүлсэн');
    await page.screenshot({
      path: path.join(REPO_ROOT, 'tests/output/screenshots/portrait-mn-6-track.png'),
      fullPage: true,
    });

    // Offline: the kiosk's own copy answers.
    await env.stopServer();
    await kiosk.expectNetwork('offline');
    await kiosk.chooseLanguage('en');
    await page.getByTestId('track-key-ok').click();
    await expect(page.getByTestId('track-status')).toContainText('Sent on to the responsible organisation');
  },
);
