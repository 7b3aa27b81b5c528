import path from 'node:path';
import { expect, test } from '@playwright/test';
import { axeProblems, smallTargets } from '../e2e/support/a11y.js';
import { KioskEnvironment } from '../e2e/support/kiosk-env.js';
import { REPO_ROOT } from '../e2e/support/processes.js';
import { tourScreens } from '../e2e/support/screen-tour.js';

/**
 * Saves every screen at kiosk sizes, both orientations, for a person to look at. The portrait
 * tours in Kazakh and English also check each screen as the Mongolian journey of `npm test` does
 * (tests/e2e/accessibility.spec.ts): no WCAG 2.2 AA violation, 48 px targets.
 */
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
      const check = orientation === 'portrait' && lang !== 'mn';
      const problems: string[] = [];
      await tourScreens(page, env.kiosk!.url, lang, async (name) => {
        await page.screenshot({ path: path.join(OUT, `${orientation}-${lang}-${name}.png`), fullPage: true });
        if (check) problems.push(...(await axeProblems(page, name)), ...(await smallTargets(page, name)));
      });
      expect(problems).toEqual([]);
    });
  }
}
