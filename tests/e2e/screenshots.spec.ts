import path from 'node:path';
import { test, type Page } from '@playwright/test';
import { FormPage, KioskPage, ReceiptPage, ServicesPage, waitForAppEvent } from './pages/kiosk-page.js';
import { KioskEnvironment } from './support/kiosk-env.js';
import { REPO_ROOT } from './support/processes.js';

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
    test(`screens, ${orientation}, ${lang}`, async ({ page }) => {
      await page.setViewportSize(size);
      const shot = (name: string) =>
        page.screenshot({ path: path.join(OUT, `${orientation}-${lang}-${name}.png`), fullPage: true });
      const kiosk = new KioskPage(page);
      await kiosk.open(env.kiosk!.url);
      await waitForAppEvent(page, 'content-applied');
      await kiosk.chooseLanguage(lang);
      await shot('1-services');
      const services = new ServicesPage(page);
      await services.openService('migration-registration');
      await shot('2-service');
      await services.apply();
      const form = new FormPage(page);
      await form.fill({ registrationNumber: 'УБ9913', phone: '99112233' });
      await form.submit();
      await shot('3-form-errors');
      await form.fill({ registrationNumber: 'УБ99032112', moveType: 'within-aimag', newAddress: 'Өлгий сум, 3-р баг' });
      await env.stopServer();
      await kiosk.expectNetwork('offline');
      await form.submit();
      await new ReceiptPage(page).trackingNumber();
      await waitForReceipt(page);
      await shot('4-receipt-offline');
    });
  }
}

async function waitForReceipt(page: Page) {
  await waitForAppEvent(page, 'receipt-printed');
}
