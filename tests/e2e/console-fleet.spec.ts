import { expect, test, type Page } from '@playwright/test';
import type { UpdateReport } from '../../src-shared/schemas/release.js';
import { ConsoleEnvironment, DESKTOP, expectAccessible, screenshot, signIn } from './support/console-env.js';

const env = new ConsoleEnvironment();
test.use({ viewport: DESKTOP });
test.beforeAll(async () => {
  await env.start();
  env.addOperator('admin', 'admin');
});
test.afterAll(async () => {
  await env.stop();
});

/**
 * The demo kiosk (0421, Bayan-Ölgii) reports its health as a kiosk does; `settingsVersion` is
 * what it runs, `update` how its own new version stands (issue 18).
 */
async function demoKioskReports(printer: string, settingsVersion: number | null = null, update?: UpdateReport) {
  const at = new Date().toISOString();
  const res = await fetch(`${env.server!.url}/api/v1/health-reports`, {
    method: 'POST',
    headers: { authorization: 'Bearer demo-kiosk-0421-credential-change-me', 'content-type': 'application/json' },
    body: JSON.stringify({
      kioskTime: at,
      appVersion: '0.1.0',
      content: { cursor: 1, signedAt: at, stale: false },
      settingsVersion,
      uptimeS: 600,
      outbox: { depth: 2, oldestAgeS: 120, quarantined: 0 },
      storage: { usedBytes: 1_000_000_000, freeBytes: 20_000_000_000, persisted: true },
      printer,
      sync: { content: { result: 'ok', at }, status: { result: 'ok', at }, push: null },
      events: [],
      ...(update ? { update } : {}),
    }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { settings?: { payload: { version: number } } };
}

/** A kiosk's cell in the fleet table under the column headed so: the column found by its heading, as a reader finds it. */
async function fleetCell(page: Page, code: string, heading: string) {
  const table = page.getByTestId('fleet-table');
  // The table is loaded (also after a reload) before its headings are counted.
  await expect(table.getByRole('columnheader', { name: heading, exact: true })).toBeVisible();
  const column = (await table.locator('thead th').allInnerTexts()).indexOf(heading);
  const row = table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: code, exact: true }) });
  return row.locator(':scope > th, :scope > td').nth(column);
}

test('the Kiosks page: states and alerts, a kiosk’s health history and settings, set and roll back', async ({
  page,
}) => {
  await demoKioskReports('paper_out');
  await signIn(page, env.url, 'admin');
  await page.getByRole('navigation').getByRole('link', { name: 'Киоскууд' }).click();
  const fleet = page.getByTestId('fleet-table');
  await expect(page.getByTestId('fleet-state-0421')).toHaveText('Холбогдсон');
  await expect(page.getByTestId('fleet-alerts-0421')).toContainText('Хэвлэгч (Цаас дууссан)');
  // The version it runs, and no update under way yet.
  await expect(await fleetCell(page, '0421', 'Программын хувилбар')).toHaveText('0.1.0');
  await expect(await fleetCell(page, '0421', 'Шинэчлэлт')).toHaveText('—');

  await fleet.getByRole('button', { name: '0421 киоскийг харах' }).click();
  const detail = page.getByTestId('fleet-kiosk');
  await expect(detail.getByRole('heading', { name: '0421 киоск' })).toBeVisible();
  await expect(page.getByTestId('fleet-hours')).toContainText('Цаас дууссан');
  await expect(page.getByTestId('fleet-settings-current')).toHaveText('Байхгүй');

  // A mistake is named; then a good version.
  await detail.getByLabel('Шинэ тохиргоо (JSON)').fill('{"textScale": "том"}');
  await detail.getByRole('button', { name: 'Тохиргоог илгээх' }).click();
  await expect(detail.getByRole('alert')).toContainText('Тохиргоо буруу');
  await detail.getByLabel('Шинэ тохиргоо (JSON)').fill('{"defaultLanguage": "kk"}');
  await detail.getByRole('button', { name: 'Тохиргоог илгээх' }).click();
  await expect(detail.getByRole('status')).toContainText('хувилбар хадгалагдлаа');
  // The status is said before the kiosk's settings are read again: wait for them, then read the number.
  await expect(page.getByTestId('fleet-settings-current')).toContainText('"defaultLanguage":"kk"');
  const first = Number(/(\d+)/.exec((await page.getByTestId('fleet-settings-current').innerText()) ?? '')?.[1]);
  await detail.getByLabel('Шинэ тохиргоо (JSON)').fill('{"defaultLanguage": "en"}');
  await detail.getByRole('button', { name: 'Тохиргоог илгээх' }).click();
  await expect(page.getByTestId('fleet-settings-history').getByRole('row')).toHaveCount(3);

  // The kiosk takes the newest and says so in its next report, with a new version of itself downloaded.
  const answer = await demoKioskReports('ok');
  const newest = answer.settings!.payload.version;
  await demoKioskReports('ok', newest, { state: 'downloaded', version: '0.2.0', bytes: 52_000 });
  await page.reload();
  await expect(await fleetCell(page, '0421', 'Программын хувилбар')).toHaveText('0.1.0');
  await expect(await fleetCell(page, '0421', 'Шинэчлэлт')).toHaveText('Татсан, суулгахыг хүлээж байна: 0.2.0');
  await page.getByTestId('fleet-table').getByRole('button', { name: '0421 киоскийг харах' }).click();
  await expect(page.getByTestId('fleet-settings-acknowledged')).toHaveText(String(newest));

  // Back to the first version, as a new one.
  await page.getByRole('button', { name: `${first}-р хувилбарт буцаах` }).click();
  await expect(detail.getByRole('status')).toContainText(`${first}-р хувилбарын тохиргоо`);
  await expect(page.getByTestId('fleet-settings-current')).toContainText('"defaultLanguage":"kk"');
  await expect(page.getByTestId('fleet-alerts-0421')).toHaveText('—');
  await expectAccessible(page, 'kiosks-fleet');
  await screenshot(page, 'kiosks-fleet');
});
