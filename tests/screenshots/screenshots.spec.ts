import path from 'node:path';
import { test } from '@playwright/test';
import { KioskEnvironment } from '../e2e/support/kiosk-env.js';
import { REPO_ROOT } from '../e2e/support/processes.js';
import { tourScreens } from '../e2e/support/screen-tour.js';

/** Saves every screen at kiosk sizes, both orientations, for a person to look at. */
const OUT = path.join(REPO_ROOT, 'tests/output/screenshots');
const SIZES = { portrait: { width: 1080, height: 1920 }, landscape: { width: 1920, height: 1080 } } as const;

const env = new KioskEnvironment();
test.beforeEach(async () => {
  await env.start();
});
test.afterEach(async () => {
  await env.stop();
});

for (const [orientation, size] of Object.entries(SIZES)) {
  for (const lang of ['mn', 'kk', 'en'] as const) {
    test(`every screen, ${orientation}, ${lang}`, async ({ page }) => {
      test.setTimeout(180_000);
      await page.clock.install();
      await page.setViewportSize(size);
      await tourScreens(page, env.kiosk!.url, lang, (name) =>
        page
          .screenshot({ path: path.join(OUT, `${orientation}-${lang}-${name}.png`), fullPage: true })
          .then(() => undefined),
      );
    });
  }
}
