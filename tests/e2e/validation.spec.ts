import { FormPage, KioskPage, ServicesPage, countAppEvents, waitForAppEvent } from './pages/kiosk-page.js';
import { expect, test } from './support/fixtures.js';

test('bad input gets a specific message per field and nothing typed is lost', async ({ page, env }) => {
  const kiosk = new KioskPage(page);
  await kiosk.open(env.kiosk!.url);
  await waitForAppEvent(page, 'content-applied');
  const services = new ServicesPage(page);
  await services.openService('migration-registration', 'address-and-moving');
  await services.apply();
  const form = new FormPage(page);
  await form.fill({ registrationNumber: 'УБ99133112', phone: '99 11', newAddress: 'Өлгий сум' });
  await form.submit();
  await waitForAppEvent(page, 'form-invalid');
  await expect(form.message('registrationNumber')).toContainText('Төрсөн он, сар, өдөр');
  await expect(form.message('phone')).toContainText('8 оронтой');
  await expect(form.message('moveType')).toContainText('Жагсаалтаас');
  await expect(page.getByTestId('form-summary')).toContainText('3');
  // What was typed is still there after the error, and after a language switch.
  await kiosk.chooseLanguage('en');
  await expect(form.message('phone')).toContainText('8 digits');
  await expect(form.field('newAddress')).toHaveValue('Өлгий сум');
  await kiosk.chooseLanguage('kk');
  await expect(form.message('phone')).toContainText('8 саннан');
  // Switching language re-renders the kiosk; it never starts it again (a second sync engine, a second journal restore).
  await waitForAppEvent(page, 'language-changed', { lang: 'kk' });
  expect(await countAppEvents(page, 'ready')).toBe(1);
  await form.fill({ registrationNumber: 'УБ99033112', phone: '99112233', moveType: 'within-aimag' });
  await form.submit();
  await expect(page.getByTestId('screen-receipt')).toBeVisible();
});
