import { expect, test } from '@playwright/test';
import {
  FormPage,
  KioskPage,
  ReceiptPage,
  ServicesPage,
  waitForAppEvent,
  waitForNextAppEvents,
} from './pages/kiosk-page.js';
import { KioskEnvironment, SERVER_JOURNEY } from './support/kiosk-env.js';

const env = new KioskEnvironment();

test.beforeEach(async () => {
  await env.start();
});
test.afterEach(async () => {
  await env.stop();
});

test(
  'a citizen applies while the server is down, gets a receipt, and the submission arrives exactly once',
  SERVER_JOURNEY,
  async ({ page }) => {
    const kiosk = new KioskPage(page);
    await kiosk.open(env.kiosk!.url);
    await waitForAppEvent(page, 'content-applied');
    await kiosk.expectNetwork('online');

    await env.stopServer();
    await kiosk.expectNetwork('offline');

    const services = new ServicesPage(page);
    await services.openService('migration-registration', 'address-and-moving');
    await services.apply();

    const form = new FormPage(page);
    // Latin look-alikes and spaces are normalised by the shared rule, as a hurried citizen types them.
    await form.fill({
      registrationNumber: 'уб 99032112',
      phone: '9911 2233',
      moveType: 'between-aimags',
      newAddress: 'Баян-Өлгий аймаг, Өлгий сум, 5-р баг, 12-р гудамж, 7 тоот',
    });
    await form.submit();

    const receipt = new ReceiptPage(page);
    const trackingNo = await receipt.trackingNumber();
    expect(trackingNo).toMatch(/^0421-\d{6}-\d$/);
    await expect(receipt.printState()).toHaveAttribute('data-state', 'printed');
    await expect(receipt.deliveryState()).toHaveAttribute('data-state', 'queued');

    const receipts = env.capturedReceipts();
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.file).toContain(trackingNo);
    expect(receipts[0]!.bytes.includes(Buffer.from(trackingNo, 'ascii'))).toBe(true);
    // The receipt never carries the registration number or the phone.
    expect(receipts[0]!.bytes.includes(Buffer.from('99032112', 'ascii'))).toBe(false);
    expect(receipts[0]!.bytes.includes(Buffer.from('99112233', 'ascii'))).toBe(false);

    await env.startServer();
    await waitForAppEvent(page, 'submission-delivered', { trackingNo });
    await expect(receipt.deliveryState()).toHaveAttribute('data-state', 'accepted');
    expect(await env.serverRows(trackingNo)).toBe(1);

    // Further syncs resend nothing new: still exactly one row.
    await waitForNextAppEvents(page, 'sync-complete', 2);
    expect(await env.serverRows(trackingNo)).toBe(1);
    await expect(page.getByTestId('outbox-depth')).toHaveCount(0);
  },
);
