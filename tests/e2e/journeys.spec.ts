import { expect, test, type Page } from '@playwright/test';
import { FormPage, KioskPage, ReceiptPage, ServicesPage, waitForAppEvent } from './pages/kiosk-page.js';
import { KioskEnvironment, SERVER_JOURNEY } from './support/kiosk-env.js';
import { kazakhDativeSuffix } from '../../src-shared/format.js';

const env = new KioskEnvironment();
test.afterEach(async () => {
  await env.stop();
});

async function serverRow(trackingNo: string): Promise<Record<string, unknown> | undefined> {
  return (await env.serverDb())
    .selectFrom('submissions')
    .selectAll()
    .where('tracking_no', '=', trackingNo)
    .executeTakeFirst();
}

test(
  'a petition in Kazakh: the five kinds explained, the due date in plain words, a receipt',
  SERVER_JOURNEY,
  async ({ page }) => {
    await env.start();
    const kiosk = new KioskPage(page);
    await page.goto(env.kiosk!.url);
    // The attract screen greets in each language in its own words.
    for (const line of ['Эхлэхийн тулд дэлгэцэнд хүрнэ үү', 'Бастау үшін экранды басыңыз', 'Touch the screen to start'])
      await expect(page.getByTestId('screen-attract')).toContainText(line);
    await kiosk.start('kk');
    await waitForAppEvent(page, 'content-applied');
    await kiosk.openTile('petition');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('11-11 орталығына өтініш беру');
    for (const kind of ['petition', 'complaint', 'suggestion', 'criticism', 'gratitude'])
      await expect(page.getByTestId(`petition-category-${kind}`)).toBeVisible();
    await expect(page.getByTestId('petition-category-complaint')).toContainText('Шағым');
    // Nothing chosen: said plainly, in Kazakh.
    await page.getByTestId('next').click();
    await expect(page.getByTestId('petition-category-message')).toHaveText('Өтініштің түрін таңдаңыз.');
    await page.getByTestId('petition-category-complaint').click();
    await page.getByTestId('next').click();
    await page.getByTestId('petition-subject').fill('Құдық суы');
    await page
      .getByTestId('petition-text')
      .fill('Біздің бағдағы құдық екі ай бойы істемей тұр. Жөндеп беруіңізді сұраймын.');
    await page.getByTestId('next').click();
    await page.getByTestId('petition-phone').fill('9911');
    await page.getByTestId('petition-address').fill('Баян-Өлгий, Бұлған сұмыны. '.repeat(20));
    await page.getByTestId('next').click();
    await expect(page.getByTestId('petition-phone-message')).toContainText('8');
    // An address longer than the 11-11 centre takes: said on the field, not "try again" later.
    await expect(page.getByTestId('petition-address-message')).toContainText('500');
    await page.getByTestId('petition-phone').fill('99112233');
    await page.getByTestId('petition-address').fill('Баян-Өлгий, Бұлған сұмыны');
    await page.getByTestId('next').click();
    await expect(page.getByTestId('review')).toContainText('Құдық суы');
    // The date takes its dative ending by how its last number is read (2027.01.02-ге, 2027.01.06-ға).
    await expect(page.getByTestId('petition-due')).toContainText(
      /30 күн ішінде, \d{4}\.\d{2}\.\d{2}-(ге|ға|ке|қа) дейін/,
    );
    const [, dueDate, ending] = /(\d{4}\.\d{2}\.\d{2})-(\p{L}+) дейін/u.exec(
      (await page.getByTestId('petition-due').textContent()) ?? '',
    )!;
    expect(ending).toBe(kazakhDativeSuffix(dueDate!));
    // Sending without consent is refused with the reason; nothing typed is lost.
    await page.getByTestId('submit').click();
    await expect(page.getByTestId('consent-message')).toHaveText('Жіберу үшін «Келісемін» дегенді белгілеңіз.');
    await page.getByTestId('consent').check();
    await page.getByTestId('submit').click();

    const receipt = new ReceiptPage(page);
    const trackingNo = await receipt.trackingNumber();
    await expect(page.getByTestId('receipt-due')).toContainText('Жауап берудің соңғы мерзімі');
    await expect(page.getByTestId('receipt-qr')).toHaveAttribute(
      'data-text',
      `https://tsonkh.gov.mn/track/${trackingNo}`,
    );
    await waitForAppEvent(page, 'submission-delivered', { trackingNo });
    const row = await serverRow(trackingNo);
    expect(row).toMatchObject({ kind: 'petition', petition_category: 'complaint', lang: 'kk', channel: 'kiosk' });
  },
);

test(
  'a receipt check in English: the check digit catches a typo, the status comes back',
  SERVER_JOURNEY,
  async ({ page }) => {
    await env.start();
    const kiosk = new KioskPage(page);
    await kiosk.open(env.kiosk!.url, 'en');
    await waitForAppEvent(page, 'content-applied');
    const [trackingNo] = await page.evaluate(() => window.__tsonkh!.api!.queuePetitions(1));
    if (!trackingNo) throw new Error('no submission queued');
    await waitForAppEvent(page, 'submission-delivered', { trackingNo });
    await kiosk.openTile('track');
    const digits = trackingNo.replace(/\D/g, '');
    const typo = digits.slice(0, 8) + String((Number(digits[8]) + 3) % 10) + digits.slice(9);
    for (const d of typo) await page.getByTestId(`track-key-${d}`).click();
    await page.getByTestId('track-key-ok').click();
    await expect(page.getByTestId('track-result')).toContainText('mistake');
    for (let i = 0; i < typo.length; i++) await page.getByTestId('track-key-erase').click();
    for (const d of digits) await page.getByTestId(`track-key-${d}`).click();
    await page.getByTestId('track-key-ok').click();
    await expect(page.getByTestId('track-status')).toHaveText('Received');
  },
);

test(
  'a rating of the kiosk is sent as a rating: its kind, its number, its answers sealed',
  SERVER_JOURNEY,
  async ({ page }) => {
    await env.start();
    const kiosk = new KioskPage(page);
    await kiosk.open(env.kiosk!.url);
    await waitForAppEvent(page, 'content-applied');
    const services = new ServicesPage(page);
    await services.openService('kiosk-feedback', 'feedback');
    await services.apply();
    const form = new FormPage(page);
    // Five answers, in words: «Маш сайн» is 5, «Маш муу» is 1.
    await expect(form.field('rating')).toContainText('Маш сайн');
    await page.getByTestId('field-rating-4').check();
    await form.fill({ comment: 'Хурдан, ойлгомжтой байлаа.' });
    await form.submit();
    const trackingNo = await new ReceiptPage(page).trackingNumber();
    await waitForAppEvent(page, 'submission-delivered', { trackingNo });
    const row = await serverRow(trackingNo);
    expect(row).toMatchObject({
      kind: 'service_feedback',
      rating: 4,
      service_id: 'kiosk-feedback',
      form_id: 'service-feedback',
      form_version: 2,
    });
    expect(String(row?.body)).not.toContain('ойлгомжтой');
  },
);

test('every kind of validation error is explained and fixed, and nothing typed is lost', async ({ page }) => {
  await env.start();
  const kiosk = new KioskPage(page);
  await kiosk.open(env.kiosk!.url);
  await waitForAppEvent(page, 'content-applied');
  const services = new ServicesPage(page);
  await services.openService('land-ownership-registration', 'land-and-property');
  await services.apply();
  const form = new FormPage(page);

  // Step 1: a wrong birth date inside the registration number, a missing name, a short phone, not a number.
  await form.fill({ registrationNumber: 'УБ99133112', firstName: 'Сарнай', phone: '991', householdSize: 'гурав' });
  await page.getByTestId('next').click();
  await expect(form.message('registrationNumber')).toContainText('Төрсөн он, сар, өдөр');
  await expect(form.message('lastName')).toHaveText('Энэ талбарыг бөглөнө үү.');
  await expect(form.message('phone')).toContainText('8 оронтой');
  await expect(form.message('householdSize')).toHaveText('Зөвхөн тоо бичнэ үү.');
  await form.fill({ householdSize: '2.5' });
  await expect(form.message('householdSize')).toContainText('бүхэл тоо');
  await form.fill({ householdSize: '40' });
  await expect(form.message('householdSize')).toContainText('30');
  await expect(form.field('firstName')).toHaveValue('Сарнай');
  await form.fill({ registrationNumber: 'УБ99032112', lastName: 'Бат', phone: '99112233', householdSize: '4' });
  await page.getByTestId('next').click();

  // Step 2: no place chosen, too short an address, too large an area, no option, a date too early, a bad date.
  await form.fill({ landAddress: 'аб', areaM2: '99999', possessedSince: '1980.01.01' });
  await page.getByTestId('next').click();
  await expect(form.message('landPlace')).toBeVisible();
  await expect(form.message('landAddress')).toContainText('5');
  await expect(form.message('areaM2')).toContainText('5000');
  await expect(form.message('landUse')).toContainText('Жагсаалтаас');
  await expect(form.message('possessedSince')).toContainText('1990.01.01');
  await form.fill({ possessedSince: '2020.13.45' });
  await expect(form.message('possessedSince')).toContainText('Огноог');
  await page.getByTestId('field-landPlace-aimag-83').click();
  await page.getByTestId('field-landPlace-soum').locator('input').nth(1).click();
  await form.fill({
    landAddress: 'Өлгий сум, 4-р баг',
    areaM2: '700',
    landUse: 'ger-yard',
    possessedSince: '2015.06.01',
  });
  await page.getByTestId('next').click();

  // Step 3: a radio and a tick box left empty.
  await page.getByTestId('to-review').click();
  await expect(form.message('ownedBefore')).toBeVisible();
  await expect(form.message('consent')).toBeVisible();
  // Going back two steps keeps everything.
  await page.getByTestId('previous').click();
  await page.getByTestId('previous').click();
  await expect(form.field('registrationNumber')).toHaveValue('УБ99032112');
  await expect(form.field('householdSize')).toHaveValue('4');
  await page.getByTestId('next').click();
  await expect(form.field('landAddress')).toHaveValue('Өлгий сум, 4-р баг');
  await expect(form.field('possessedSince')).toHaveValue('2015.06.01');
  await page.getByTestId('next').click();
  await page.getByTestId('field-ownedBefore-no').check();
  await page.getByTestId('field-consent').check();
  await form.submit();
  await new ReceiptPage(page).trackingNumber();
});

/** Every place in the page's storage where a value could linger, as text. */
async function everythingStored(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [document.documentElement.outerHTML];
    for (const el of document.querySelectorAll('input, textarea')) parts.push((el as HTMLInputElement).value);
    for (const store of [localStorage, sessionStorage])
      for (let i = 0; i < store.length; i++) parts.push(`${store.key(i)}=${store.getItem(store.key(i)!)}`);
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) parts.push(await (await cache.match(request))!.text());
    }
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(info.name!);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      for (const storeName of db.objectStoreNames) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const r = db.transaction(storeName).objectStore(storeName).getAll();
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        parts.push(JSON.stringify(rows));
      }
      db.close();
    }
    return parts.join('\n');
  });
}

test('after the idle warning runs out, a canary typed into every field is found nowhere', async ({ page, context }) => {
  await env.start({ config: { idle: { timeoutSeconds: 60, warningSeconds: 20, maxExtensions: 10 } } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.clock.install();
  const kiosk = new KioskPage(page);
  await kiosk.open(env.kiosk!.url);
  await waitForAppEvent(page, 'content-applied');
  const CANARY = 'Канар7731';

  // Petition draft, then a service form: every field gets the canary; the clipboard too.
  await kiosk.openTile('petition');
  await page.getByTestId('petition-category-suggestion').click();
  await page.getByTestId('next').click();
  await page.getByTestId('petition-subject').fill(CANARY);
  await page.getByTestId('petition-text').fill(`${CANARY} ${CANARY} ${CANARY}`);
  await page.getByTestId('next').click();
  for (const f of ['name', 'phone', 'address']) await page.getByTestId(`petition-${f}`).fill(CANARY);
  const services = new ServicesPage(page);
  await services.openService('residence-address-reference', 'address-and-moving');
  await services.apply();
  for (const input of await page.locator('main input[type="text"], main input[type="tel"], main textarea').all())
    await input.fill(CANARY);
  await page.evaluate((c) => navigator.clipboard.writeText(c), CANARY);
  await page.evaluate((c) => sessionStorage.setItem('probe', c), CANARY);
  expect(await everythingStored(page)).toContain(CANARY);

  // The warning comes after a minute; "I need more time" works (at least ten times).
  for (let i = 0; i < 10; i++) {
    await page.clock.fastForward('01:01');
    await expect(page.getByTestId('idle-warning')).toBeVisible();
    await page.getByTestId('idle-more-time').click();
    await expect(page.getByTestId('idle-warning')).toBeHidden();
  }
  await expect(page.getByTestId('field-registrationNumber')).toHaveValue(CANARY);
  // The page's clock stops here (a moment ahead: it runs on while this is sent), so a slow look
  // at the countdown cannot see it run down.
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 200);
  await page.clock.fastForward('01:00');
  // At least 20 seconds of warning.
  await expect(page.getByTestId('idle-countdown')).toContainText(/^(20|19) /);
  await page.clock.fastForward('00:21');
  await page.clock.resume();
  await expect(page.getByTestId('screen-attract')).toBeVisible();
  await waitForAppEvent(page, 'visit-wiped');

  expect(await everythingStored(page)).not.toContain(CANARY);
  expect(await page.evaluate(() => navigator.clipboard.readText())).not.toContain(CANARY);
  // The next visitor starts clean: the forms are empty.
  await kiosk.start();
  await kiosk.openTile('petition');
  await expect(page.getByTestId('petition-category-suggestion').locator('input')).not.toBeChecked();
});

test(
  'assisted mode: a staff PIN, and the submission carries channel "assisted" and the staff id',
  SERVER_JOURNEY,
  async ({ page }) => {
    await env.start();
    const kiosk = new KioskPage(page);
    await kiosk.open(env.kiosk!.url);
    await waitForAppEvent(page, 'content-applied');
    await kiosk.openTile('help');
    await page.getByTestId('assisted-open').click();
    for (const d of '123456') await page.getByTestId(`pin-key-${d}`).click();
    await page.getByTestId('pin-submit').click();
    await expect(page.getByRole('alert')).toContainText('Код буруу');
    for (const d of '735210') await page.getByTestId(`pin-key-${d}`).click();
    await page.getByTestId('pin-submit').click();
    await expect(page.getByTestId('assisted-banner')).toContainText('Б. Сарнай');

    await kiosk.openTile('petition');
    await page.getByTestId('petition-category-gratitude').click();
    await page.getByTestId('next').click();
    await page.getByTestId('petition-subject').fill('Талархал');
    await page.getByTestId('petition-text').fill('Сумын эмнэлгийн эмч нарт баярлалаа.');
    await page.getByTestId('next').click();
    await page.getByTestId('next').click();
    await new FormPage(page).confirm();
    const trackingNo = await new ReceiptPage(page).trackingNumber();
    await waitForAppEvent(page, 'submission-delivered', { trackingNo });
    expect(await serverRow(trackingNo)).toMatchObject({ channel: 'assisted', staff_id: 'CC-0421-01' });
    // The staff member is still there for the next citizen after "Done"; an idle timeout would end it.
    await page.getByTestId('receipt-done').click();
    await expect(page.getByTestId('assisted-banner')).toBeVisible();
    await page.getByTestId('assisted-end').click();
    await expect(page.getByTestId('assisted-banner')).toBeHidden();
  },
);
