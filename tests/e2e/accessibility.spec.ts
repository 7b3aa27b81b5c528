import { KioskPage, waitForAppEvent } from './pages/kiosk-page.js';
import { axeProblems, overflowProblems, smallTargets } from './support/a11y.js';
import { tourScreens } from './support/screen-tour.js';
import { expect, test } from './support/fixtures.js';

// Every screen in Mongolian here, in `npm test`. The same checks in Kazakh and English run on the
// screenshot tours' portrait pass (tests/screenshots/), which visits every screen in those
// languages anyway: one tour each instead of two, and `npm test` stays within its minutes.
test('every screen has no WCAG 2.2 AA violation and 48 px targets, mn', async ({ page, env }) => {
  test.setTimeout(240_000);
  await page.clock.install();
  await page.setViewportSize({ width: 1080, height: 1920 });
  const problems: string[] = [];
  await tourScreens(page, env.kiosk!.url, 'mn', async (name) => {
    problems.push(...(await axeProblems(page, name)), ...(await smallTargets(page, name)));
  });
  expect(problems).toEqual([]);
});

test('text at 200 % and high contrast fit both orientations without sideways scrolling', async ({ page, env }) => {
  test.setTimeout(120_000);
  for (const size of [
    { width: 1080, height: 1920 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(size);
    const kiosk = new KioskPage(page);
    await kiosk.open(env.kiosk!.url, 'mn');
    // A sync has run: the content is there (it is applied on the first one, kept after).
    await waitForAppEvent(page, 'sync-complete');
    await page.getByTestId('display-toggle').click();
    await page.getByTestId('text-scale-200').click();
    await page.getByTestId('high-contrast').click();
    await expect(page.locator('html')).toHaveAttribute('data-text-scale', '200');
    for (const tile of ['services', 'petition', 'track', 'help'] as const) {
      await kiosk.openTile(tile);
      await expect(page.getByTestId(`screen-${tile}`)).toBeVisible();
      // The services list is measured with its categories in it.
      if (tile === 'services') await expect(page.getByTestId('category-address-and-moving')).toBeVisible();
      // Nothing wider than the screen: no clipped words, no sideways scrolling.
      expect(await overflowProblems(page, `${tile} at ${size.width}×${size.height}`)).toEqual([]);
    }
  }
});
