import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from '../../scripts/electron-binary.js';
import { FormPage, ReceiptPage, ServicesPage, waitForAppEvent } from './pages/kiosk-page.js';
import { KioskEnvironment } from './support/kiosk-env.js';
import { REPO_ROOT } from './support/processes.js';

const binary = electronBinary();
const env = new KioskEnvironment();

test.skip(binary.path === null, binary.path === null ? `Electron e2e skipped: ${binary.reason}` : '');

test.afterEach(async () => {
  await env.stop();
});

test('Electron kiosk: offline application, receipt, exactly-once delivery; navigation stays in the app', async () => {
  await env.start();
  // The browser-mode host from env.start() is not used here: Electron runs its own host.
  await env.kiosk?.close();
  env.kiosk = null;
  const app = await electron.launch({
    executablePath: binary.path!,
    args: [path.join(REPO_ROOT, 'dist/main/main.cjs')],
    env: { ...process.env, TSONKH_KIOSK_CONFIG: env.configPath, TSONKH_WINDOWED: '1' },
  });
  try {
    const page = await app.firstWindow();
    await waitForAppEvent(page, 'ready');
    expect(page.url()).toMatch(/^app:\/\/kiosk\//);
    await waitForAppEvent(page, 'content-applied');

    // The renderer has no Node and cannot leave the app.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    await page.evaluate(() => window.location.assign('https://example.org/'));
    await expect.poll(() => page.url()).toMatch(/^app:\/\/kiosk\//);

    await env.stopServer();
    await expect(page.getByTestId('network-status')).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
    const services = new ServicesPage(page);
    await services.openService('migration-registration', 'address-and-moving');
    await services.apply();
    await new FormPage(page).fill({
      registrationNumber: 'УБ99032112',
      phone: '99112233',
      moveType: 'within-aimag',
      newAddress: 'Өлгий сум, 3-р баг',
    });
    await new FormPage(page).submit();
    const receipt = new ReceiptPage(page);
    const trackingNo = await receipt.trackingNumber();
    await expect(receipt.printState()).toHaveAttribute('data-state', 'printed');
    expect(env.capturedReceipts()).toHaveLength(1);

    await env.startServer();
    await waitForAppEvent(page, 'submission-delivered', { trackingNo });
    expect(await env.serverRows(trackingNo)).toBe(1);
  } finally {
    await app.close();
  }
});
