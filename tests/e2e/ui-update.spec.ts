import { appendFileSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { writePrecacheManifest } from '../../scripts/precache-manifest.js';
import { countAppEvents, KioskPage, waitForAppEvent } from './pages/kiosk-page.js';
import { expect, test } from './support/fixtures.js';

/**
 * Browser mode's UI updates (issue 18): the service worker keeps the build it was made with, a new
 * build waits until the attract screen, and a start while the host's files are missing still
 * shows the UI. Each world serves its own copy of dist/renderer, so the test can replace it.
 */
test.use({
  world: { ownRenderer: true, config: { idle: { timeoutSeconds: 15, warningSeconds: 20, maxExtensions: 10 } } },
});

/** The version of the build the page's worker serves (the `ui-ready` event of this page load). */
async function uiVersion(page: Page): Promise<string> {
  await waitForAppEvent(page, 'ui-ready');
  return page.evaluate(() => String(window.__tsonkh!.events.find((e) => e.name === 'ui-ready')!.detail!.version));
}

/** What `npm run build` of a changed UI leaves on the host: a changed page, and its worker's new list. */
async function writeNextBuild(rendererDir: string): Promise<string> {
  const index = path.join(rendererDir, 'index.html');
  writeFileSync(
    index,
    readFileSync(index, 'utf8').replace('<head>', '<head>\n    <meta name="ui-build" content="next">'),
  );
  return (await writePrecacheManifest(rendererDir)).version;
}

test('an update arriving mid-form changes nothing until the visit ends; at the attract screen the new build is active', async ({
  env,
  page,
  kiosk,
}) => {
  await kiosk.open(env.kiosk!.url);
  const first = await uiVersion(page);
  await kiosk.openTile('petition');
  await page.getByTestId('petition-category-complaint').click();
  await page.getByTestId('next').click();
  await page.getByTestId('petition-subject').fill('Худгийн ус');

  const next = await writeNextBuild(env.rendererDir);
  expect(next).not.toBe(first);
  // The periodic check, now rather than in a quarter of an hour: the new build is fetched and waits.
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
  await waitForAppEvent(page, 'ui-update-waiting');

  // Nothing changed for the visitor: the same form, what they typed, the old build's page.
  await expect(page.getByTestId('petition-subject')).toHaveValue('Худгийн ус');
  await expect(page.locator('meta[name="ui-build"]')).toHaveCount(0);
  expect(await countAppEvents(page, 'ui-update-activating')).toBe(0);
  expect(await countAppEvents(page, 'visit-ended')).toBe(0);
  // The new build is there, installed and checked, and waits behind the one serving the visit.
  expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting?.state))).toBe(
    'installed',
  );

  // The visit ends (the visitor walked away); the attract screen lets the new build take over.
  await expect(page.getByTestId('idle-warning')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('idle-finish').click();
  await expect(page.locator('meta[name="ui-build"]')).toHaveAttribute('content', 'next', { timeout: 60_000 });
  expect(await uiVersion(page)).toBe(next);
  await expect(page.getByTestId('screen-attract')).toBeVisible();
  await new KioskPage(page).start();
});

test('a start while the host’s files are missing still shows the UI', async ({ env, page, kiosk }) => {
  await kiosk.open(env.kiosk!.url);
  await uiVersion(page);
  // The host's files are being replaced: for a moment it has none.
  renameSync(env.rendererDir, `${env.rendererDir}.old`);
  expect((await fetch(env.kiosk!.url)).status).toBe(404);

  const again = await page.context().newPage();
  await again.goto(env.kiosk!.url);
  await waitForAppEvent(again, 'ready');
  await new KioskPage(again).start();
  await again.getByTestId('tile-petition').click();
  await expect(again.getByTestId('petition-category-complaint')).toBeVisible();
});

test('a new build that arrives while the attract screen shows takes over at once', async ({ env, page }) => {
  await page.goto(env.kiosk!.url);
  await waitForAppEvent(page, 'ready');
  const first = await uiVersion(page);
  await expect(page.getByTestId('screen-attract')).toBeVisible();
  const next = await writeNextBuild(env.rendererDir);
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
  await expect(page.locator('meta[name="ui-build"]')).toHaveAttribute('content', 'next', { timeout: 60_000 });
  expect(await uiVersion(page)).toBe(next);
  expect(next).not.toBe(first);
  await new KioskPage(page).start();
});

test('a half-replaced build is not taken: the worker checks every file against the build’s list', async ({
  env,
  page,
}) => {
  await page.goto(env.kiosk!.url);
  await waitForAppEvent(page, 'ready');
  const first = await uiVersion(page);
  await writeNextBuild(env.rendererDir);
  // One file is still the old one (or half-copied) when the browser looks.
  const script = readdirSync(path.join(env.rendererDir, 'assets')).find((f) => f.endsWith('.js'))!;
  appendFileSync(path.join(env.rendererDir, 'assets', script), '\n// half-copied');
  const state = await page.evaluate(async () => {
    const registration = (await navigator.serviceWorker.getRegistration())!;
    const found = new Promise<ServiceWorker>((resolve) =>
      registration.addEventListener('updatefound', () => resolve(registration.installing!), { once: true }),
    );
    await registration.update();
    const worker = await found;
    if (worker.state === 'redundant' || worker.state === 'installed') return worker.state;
    return new Promise<string>((resolve) =>
      worker.addEventListener('statechange', () => {
        if (worker.state === 'redundant' || worker.state === 'installed') resolve(worker.state);
      }),
    );
  });
  expect(state).toBe('redundant');
  await expect(page.locator('meta[name="ui-build"]')).toHaveCount(0);
  expect(await countAppEvents(page, 'ui-update-waiting')).toBe(0);
  expect(await uiVersion(page)).toBe(first);
});
