import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { generateReleaseKey } from '../../src-server/releases/release-key.js';
import { KioskPage, waitForAppEvent } from './pages/kiosk-page.js';
import { REPO_ROOT } from './support/processes.js';
import { expect, test } from './support/fixtures.js';

/** The centre's release key, whose public half these kiosks pin; and someone else's. */
const RELEASE_KEY = generateReleaseKey().key;
const OTHER_KEY = generateReleaseKey().key;
test.use({ world: { config: { releasePublicKey: RELEASE_KEY.publicKey } } });

async function typePin(page: Page, pin: string) {
  for (const d of pin) await page.getByTestId(`pin-key-${d}`).click();
  await page.getByTestId('pin-submit').click();
}

test('a technician opens the hidden screen with the PIN and sees the sync state', async ({ page, env }) => {
  const kiosk = new KioskPage(page);
  await kiosk.open(env.kiosk!.url);
  await waitForAppEvent(page, 'sync-complete');
  for (let i = 0; i < 5; i++) await page.getByTestId('app-title').click();
  await expect(page.getByTestId('screen-technician-pin')).toBeVisible();
  await typePin(page, '111111');
  await expect(page.getByRole('alert')).toContainText('Код буруу');
  await typePin(page, '240421');
  await waitForAppEvent(page, 'technician-unlocked');
  const facts = page.getByTestId('technician-facts');
  await expect(facts).toContainText('0421');
  await expect(facts).toContainText('Сүлжээтэй');
  // When the server last signed what this kiosk holds: just now, so no warning that it is stale.
  await expect(facts).toContainText('Серверийн хамгийн сүүлд баталгаажуулсан агуулга');
  await expect(facts).not.toContainText('хуучирсан байж болзошгүй');
  await page.screenshot({
    path: path.join(REPO_ROOT, 'tests/output/screenshots/portrait-mn-5-technician.png'),
    fullPage: true,
  });
  // No bundle on the (empty) import folders: said plainly.
  await page.getByTestId('find-bundles').click();
  await expect(page.getByText('USB дээр агуулгын багц олдсонгүй.')).toBeVisible();

  await test.step('a new version from a USB stick: another key’s is refused, the centre’s is installed', async () => {
    const foreign = path.join(env.dir, 'usb', 'FOREIGN');
    const stick = path.join(env.dir, 'usb', 'STICK');
    await env.releaseOnStick(foreign, '9.0.0', OTHER_KEY);
    await env.releaseOnStick(stick, '1.0.0', RELEASE_KEY);
    await page.getByTestId('find-usb-folders').click();
    // The stick itself, not the folders found inside it.
    const folder = (dir: string) =>
      page.getByTestId('usb-folder').filter({ has: page.getByText(dir, { exact: true }) });
    const message = page.getByTestId('usb-message');

    await folder(foreign).getByTestId('install-release').click();
    await waitForAppEvent(page, 'release-from-usb', { refused: 'wrong_key' });
    // Why, and what to do with the stick.
    await expect(message).toHaveText(
      'Хүлээж авсангүй: энэ хувилбарт төвийн бус өөр түлхүүрээр гарын үсэг зурсан байна. ' +
        'Энэ USB-г бүү ашиглаарай, төвд хандана уу. Одоогийн хувилбар хэвээр ажиллана.',
    );
    await page.screenshot({
      path: path.join(REPO_ROOT, 'tests/output/screenshots/portrait-mn-5-technician-release-refused.png'),
    });

    await folder(stick).getByTestId('install-release').click();
    await waitForAppEvent(page, 'release-from-usb', { version: '1.0.0', installed: 'true' });
    await expect(message).toHaveText('1.0.0 хувилбар шалгалтад тэнцэж суулгагдлаа. Киоскийг дахин асаахад ажиллана.');
    await page.screenshot({
      path: path.join(REPO_ROOT, 'tests/output/screenshots/portrait-mn-5-technician-release-installed.png'),
    });
    // On the host's disk: the next start runs 1.0.0; nothing of the foreign release was put in place.
    const releases = path.join(env.dir, 'journal', 'releases');
    expect(JSON.parse(readFileSync(path.join(releases, 'current.json'), 'utf8'))).toMatchObject({ version: '1.0.0' });
    expect(readdirSync(path.join(releases, 'versions')).sort()).toEqual(['1.0.0', '1.0.0.release.json']);
  });
});

test('a kiosk that has heard nothing newer from the server for days tells the technician its content may be stale', async ({
  page,
  env,
}) => {
  await page.clock.install();
  const kiosk = new KioskPage(page);
  await kiosk.open(env.kiosk!.url);
  await waitForAppEvent(page, 'sync-complete');
  // Five days on by the kiosk's clock, with nothing signed since.
  await page.clock.setSystemTime((await page.evaluate(() => Date.now())) + 5 * 86_400_000);
  await page.clock.runFor(1000);
  for (let i = 0; i < 5; i++) await page.getByTestId('app-title').click();
  await typePin(page, '240421');
  await waitForAppEvent(page, 'technician-unlocked');
  await expect(page.getByTestId('technician-facts')).toContainText(
    /— [45] хоног шинэ мэдээлэл ирээгүй\. Агуулга хуучирсан байж болзошгүй/,
  );
});

test('the technician prints a test page and reprints the last receipt; nothing prints twice by itself', async ({
  page,
  env,
}) => {
  const kiosk = new KioskPage(page);
  await kiosk.open(env.kiosk!.url);
  await waitForAppEvent(page, 'content-applied');
  // A citizen's petition, printed once.
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
  expect(env.capturedReceipts().filter((r) => r.file.includes(trackingNo))).toHaveLength(1);
  await page.getByTestId('receipt-done').click();

  await kiosk.start();
  for (let i = 0; i < 5; i++) await page.getByTestId('app-title').click();
  await typePin(page, '240421');
  await expect(page.getByTestId('technician-printer')).toBeVisible();
  await page.getByTestId('printer-test-page').click();
  await expect(page.getByTestId('printer-message')).toBeVisible();
  await page.getByTestId('printer-reprint').click();
  await expect.poll(() => env.capturedReceipts().filter((r) => r.file.includes(trackingNo)).length).toBe(2);
});
