import type { Locator, Page } from '@playwright/test';
import { KioskPage, waitForAppEvent } from './pages/kiosk-page.js';
import { axeProblems, overflowProblems, smallTargets } from './support/a11y.js';
import { expect, test } from './support/fixtures.js';

// The demo open data on the server (worlds leave it out unless they show it).
test.use({ world: { openData: true } });

/**
 * Issue 19's map screens at the example kiosk: Ölgii soum (8301), Bayan-Ölgii (83), with the
 * demo open data the server seeds (licences, protected areas, notices, crime counts and the soum
 * borders). The kiosk pulls its aimag's records after content; the journeys wait for them.
 */

/** Home → the licence map, once the aimag's licences have been pulled and drawn. */
async function openLicenceMap(page: Page): Promise<void> {
  await page.getByTestId('nav-home').click();
  await page.getByTestId('tile-openData').click();
  await page.getByTestId('open-data-section-licences').click();
  await expect(page.getByTestId('screen-licence-map')).toBeVisible();
  // Every licence of the aimag (64 in the demo) and its protected areas are drawn.
  await expect
    .poll(async () => Number(await page.getByTestId('licence-map').getAttribute('data-areas')), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(64);
}

/** Touches the map at the middle of an element drawn on it (a licence's marker, a soum's name). */
async function touchOnMap(page: Page, target: Locator): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  const box = (await target.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

test('a citizen in Ölgii finds the licences near the soum on the map and in the list, prints them and reads the crime table', async ({
  page,
  env,
}) => {
  const kiosk = new KioskPage(page);
  await kiosk.open(env.kiosk!.url, 'mn');
  await waitForAppEvent(page, 'open-data-applied');
  await openLicenceMap(page);
  await expect(page.getByTestId('licence-sentence')).toContainText('Баян-Өлгий аймагт');
  await expect(page.getByTestId('licence-sentence')).toContainText('Өлгий суманд');

  // The list: this soum's licences first, each saying its soum; then the others, nearest first.
  const here = page.getByTestId('licence-list-here').getByRole('button');
  await expect(here.first()).toBeVisible();
  for (const text of await here.allTextContents()) expect(text).toContain('Өлгий сум');
  const elsewhere = page.getByTestId('licence-list-elsewhere').getByRole('button');
  await expect(elsewhere.first()).toBeVisible();
  const distances = (await elsewhere.allTextContents()).map((s) =>
    Number(/(\d[\d\s]*) км/.exec(s)![1]!.replace(/\s/g, '')),
  );
  expect(distances.length).toBeGreaterThan(30);
  expect(distances).toEqual([...distances].sort((a, b) => a - b));

  // The map: touching a licence area's marker opens its card, with the words of the cadastre and the source.
  const first = await here.first().getAttribute('data-testid');
  const id = first!.replace('licence-row-', '');
  await touchOnMap(page, page.locator(`[data-testid="licence-map"] g[data-id="${id}"] circle`));
  const card = page.getByTestId('licence-card');
  await expect(card).toBeVisible();
  await expect(card).toContainText('Эзэмшигч');
  await expect(card).toContainText('ХХК');
  await expect(card).toContainText('https://cmcs.mrpam.gov.mn/');
  await expect(card).toContainText('Мэдээлэл авсан өдөр');
  const picked = await card.getAttribute('data-id');
  await expect(page.getByTestId(`licence-row-${picked}`)).toHaveAttribute('aria-pressed', 'true');
  // The list says the same: choosing a row shows that licence's card.
  await elsewhere.first().click();
  await expect(card).toHaveAttribute('data-id', (await elsewhere.first().getAttribute('data-testid'))!.slice(12));
  expect(await axeProblems(page, 'licence map')).toEqual([]);
  expect(await smallTargets(page, 'licence map')).toEqual([]);

  await page.getByTestId('odm-print').click();
  await waitForAppEvent(page, 'open-data-summary-printed', { what: 'licences' });
  await expect(page.getByTestId('odm-print-state')).toContainText('Хэвлэлээ');

  // Crime: the soum's table first, small counts said in words; the whole aimag as ranges.
  await page.getByTestId('nav-home').click();
  await page.getByTestId('tile-openData').click();
  await page.getByTestId('open-data-section-crime').click();
  const table = page.getByTestId('crime-table');
  await expect(table).toHaveAttribute('data-place', '8301');
  await expect(table).toContainText('Өлгий: сар бүрийн гэмт хэрэг');
  await expect(table).toContainText('2026 оны 11-р сар');
  await expect(page.getByTestId('crime-suppressed')).toContainText('5-аас цөөн');
  await page.getByTestId('crime-place-aimag').click();
  await expect(table).toHaveAttribute('data-place', '83');
  await expect(table).toContainText(/\d+–\d+/);
  // Touching a soum on the map shows that soum's table.
  await touchOnMap(page, page.locator('[data-testid="crime-map"] text[data-soum="8337"]'));
  await expect(table).toHaveAttribute('data-place', '8337');
  await expect(table).toContainText('Цэнгэл');
  expect(await axeProblems(page, 'crime map')).toEqual([]);
  expect(await smallTargets(page, 'crime map')).toEqual([]);
});

test('in Kazakh: the licence list and the crime table, at 200 % text', async ({ page, env }) => {
  const kiosk = new KioskPage(page);
  await kiosk.open(env.kiosk!.url, 'kk');
  await waitForAppEvent(page, 'open-data-applied');
  await page.getByTestId('display-toggle').click();
  await page.getByTestId('text-scale-200').click();
  await page.getByTestId('display-close').click();
  await openLicenceMap(page);
  await expect(page.getByTestId('screen-licence-map').locator('h1')).toHaveText('Жанымыздағы лицензиялар');
  await expect(page.getByTestId('licence-sentence')).toContainText('Өлгий сұмында');
  for (const text of await page.getByTestId('licence-list-here').getByRole('button').allTextContents()) {
    expect(text).toContain('Өлгий сұмы');
  }
  await page.getByTestId('licence-list-here').getByRole('button').first().click();
  await expect(page.getByTestId('licence-card')).toContainText('Иесі');
  expect(await axeProblems(page, 'licence map kk')).toEqual([]);
  expect(await overflowProblems(page, 'licence map kk 200 %')).toEqual([]);

  await page.getByTestId('nav-home').click();
  await page.getByTestId('tile-openData').click();
  await page.getByTestId('open-data-section-crime').click();
  await expect(page.getByTestId('crime-table')).toContainText('2026 жылғы қараша');
  await expect(page.getByTestId('crime-suppressed')).toContainText('5-тен аз');
  expect(await axeProblems(page, 'crime map kk')).toEqual([]);
  // The table is wider than the screen at 200 %: it scrolls in its own box, the page does not.
  expect(await overflowProblems(page, 'crime map kk 200 %')).toEqual([]);
  await page.setViewportSize({ width: 1920, height: 1080 });
  expect(await overflowProblems(page, 'crime map kk 200 % landscape')).toEqual([]);
});
