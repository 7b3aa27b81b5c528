import { rmSync } from 'node:fs';
import { test as base } from '@playwright/test';
import { KioskPage } from '../pages/kiosk-page.js';
import { KioskEnvironment, type WorldOptions } from './kiosk-env.js';

export { expect } from '@playwright/test';

/**
 * Playwright's `test` with the kiosk's world as fixtures, instead of set-up and tear-down in
 * every file:
 * - `world`: how the world starts (an option: `test.use({ world: { printerFails: true } })`);
 * - `env`: the world itself (its own folder, a real server process, the kiosk host in browser
 *   mode), started before the test and stopped after it, also when the test fails;
 * - `kiosk`: the kiosk page's steps on the test's `page`.
 */
export const test = base.extend<{ world: WorldOptions; env: KioskEnvironment; kiosk: KioskPage }>({
  world: [{}, { option: true }],
  env: async ({ world }, use) => {
    const env = new KioskEnvironment();
    try {
      await env.start(world);
      await use(env);
    } finally {
      await env.stop();
      rmSync(env.dir, { recursive: true, force: true });
    }
  },
  kiosk: async ({ page }, use) => {
    await use(new KioskPage(page));
  },
});
