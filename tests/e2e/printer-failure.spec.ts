import { expect, test } from '@playwright/test';
import { FormPage, KioskPage, ReceiptPage, ServicesPage, waitForAppEvent } from './pages/kiosk-page.js';
import { KioskEnvironment } from './support/kiosk-env.js';

const env = new KioskEnvironment();

test.afterEach(async () => {
  await env.stop();
});

test('when the printer fails the number stays on screen and the submission is still delivered', async ({ page }) => {
  await env.start({ printerFails: true });
  const kiosk = new KioskPage(page);
  await kiosk.open(env.kiosk!.url);
  await waitForAppEvent(page, 'content-applied');
  const services = new ServicesPage(page);
  await services.openService('migration-registration', 'address-and-moving');
  await services.apply();
  const form = new FormPage(page);
  await form.fill({
    registrationNumber: 'ЧБ05251234',
    phone: '88112233',
    moveType: 'within-aimag',
    newAddress: 'Өлгий сум, 2-р баг',
  });
  await form.submit();
  const receipt = new ReceiptPage(page);
  const trackingNo = await receipt.trackingNumber();
  await expect(receipt.printState()).toHaveAttribute('data-state', 'failed');
  await expect(receipt.printState()).toContainText('дугаарыг бичиж аваарай');
  await waitForAppEvent(page, 'submission-delivered', { trackingNo });
  expect(await env.serverRows(trackingNo)).toBe(1);
  expect(env.capturedReceipts()).toHaveLength(0);
});
