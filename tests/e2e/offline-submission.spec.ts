import { applyForService, KioskPage, ReceiptPage, waitForAppEvent, waitForNextAppEvents } from './pages/kiosk-page.js';
import { SERVER_JOURNEY } from './support/kiosk-env.js';
import { expect, test } from './support/fixtures.js';

test(
  'a citizen applies while the server is down, gets a receipt, and the submission arrives exactly once',
  SERVER_JOURNEY,
  async ({ page, env }) => {
    const kiosk = new KioskPage(page);
    await kiosk.open(env.kiosk!.url);
    await waitForAppEvent(page, 'content-applied');
    await kiosk.expectNetwork('online');

    await env.stopServer();
    await kiosk.expectNetwork('offline');

    // Latin look-alikes and spaces are normalised by the shared rule, as a hurried citizen types them.
    const trackingNo = await applyForService(page, {
      registrationNumber: 'уб 99032112',
      phone: '9911 2233',
      moveType: 'between-aimags',
      newAddress: 'Баян-Өлгий аймаг, Өлгий сум, 5-р баг, 12-р гудамж, 7 тоот',
    });
    const receipt = new ReceiptPage(page);
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
