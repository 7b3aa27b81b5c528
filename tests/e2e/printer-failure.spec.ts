import { applyForService, KioskPage, ReceiptPage, waitForAppEvent } from './pages/kiosk-page.js';
import { expect, test } from './support/fixtures.js';

test.use({ world: { printerFails: true } });

test('when the printer fails the number stays on screen and the submission is still delivered', async ({
  page,
  env,
}) => {
  const kiosk = new KioskPage(page);
  await kiosk.open(env.kiosk!.url);
  await waitForAppEvent(page, 'content-applied');
  const trackingNo = await applyForService(page, {
    registrationNumber: 'ЧБ05251234',
    phone: '88112233',
    moveType: 'within-aimag',
    newAddress: 'Өлгий сум, 2-р баг',
  });
  const receipt = new ReceiptPage(page);
  await expect(receipt.printState()).toHaveAttribute('data-state', 'failed');
  await expect(receipt.printState()).toContainText('дугаарыг бичиж аваарай');
  await waitForAppEvent(page, 'submission-delivered', { trackingNo });
  expect(await env.serverRows(trackingNo)).toBe(1);
  expect(env.capturedReceipts()).toHaveLength(0);
});
