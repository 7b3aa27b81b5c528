import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  FormPage,
  KioskPage,
  ReceiptPage,
  ServicesPage,
  waitForAppEvent,
  typeOnTrackKeypad,
} from './pages/kiosk-page.js';
import { LawsPage } from './pages/laws-page.js';
import { answerOnCasePage, onCasePage } from './support/console-env.js';
import { KioskEnvironment, SERVER_JOURNEY } from './support/kiosk-env.js';
import { REPO_ROOT } from './support/processes.js';
import path from 'node:path';

/** Issue 15, "Dead ends": every service is requestable here or says where; library screens say where to comment. */
let env: KioskEnvironment;
const SHOTS = path.join(REPO_ROOT, 'tests/output/screenshots');
const shoot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SHOTS, `portrait-dead-ends-${name}.png`) });
test.beforeEach(() => {
  env = new KioskEnvironment();
});
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

/** In the console: the case forwarded to the agency that gives the reference, which answers it. */
async function forwardAndAnswer(browser: Browser, trackingNo: string, answer: string): Promise<void> {
  await onCasePage(browser, env, 'lavlagaa', trackingNo, async (office) => {
    await office.locator('summary', { hasText: 'Байгууллагад шилжүүлэх' }).click();
    await office.getByLabel('Аль байгууллагад').selectOption('state-registration');
    await office.getByRole('button', { name: 'Байгууллагад шилжүүлэх', exact: true }).click();
    await expect(office.getByTestId('case-timeline')).toContainText('Улсын бүртгэлийн ерөнхий газар');
    await answerOnCasePage(office, answer);
  });
}

test(
  'in English: a reference is marked "Request here", requested with its form, named on the receipt, answered by its agency',
  SERVER_JOURNEY,
  async ({ page, browser }) => {
    test.setTimeout(240_000);
    await env.start();
    const kiosk = new KioskPage(page);
    await kiosk.open(env.kiosk!.url, 'en');
    await waitForAppEvent(page, 'content-applied');

    // The list says which services this machine takes, and which are done in person.
    await kiosk.openTile('services');
    await page.getByTestId('category-civil-registration').click();
    const tile = page.getByTestId('service-birth-registration-reference');
    await expect(tile).toHaveAttribute('data-reach', 'here');
    await expect(tile.getByTestId('reach-badge')).toHaveText('Request here');
    const inPerson = page.getByTestId('service-id-card-replacement');
    await expect(inPerson).toHaveAttribute('data-reach', 'elsewhere');
    await expect(inPerson.getByTestId('reach-badge')).toHaveText('Go in person');
    await shoot(page, 'service-list-en');
    // No service in the catalogue is a dead end: each is either requestable here or says where to go.
    for (const reach of await page.locator('[data-testid^="service-"][data-reach]').all())
      expect(['here', 'elsewhere']).toContain(await reach.getAttribute('data-reach'));
    // A service done elsewhere says where, and not "at this machine".
    await inPerson.click();
    await expect(page.getByTestId('service-elsewhere')).toContainText('Go in person');
    await expect(page.getByTestId('screen-service')).not.toContainText(/this (kiosk|machine)/i);
    await expect(page.getByTestId('apply')).toHaveCount(0);
    // Search results carry the same marks.
    await page.getByTestId('nav-back').click();
    await page.getByTestId('service-search').fill('pension reference');
    await expect(page.getByTestId('service-pension-reference').getByTestId('reach-badge')).toHaveText('Request here');

    // The reference: its page offers the form, and the form asks what a reference needs.
    const services = new ServicesPage(page);
    await services.openService('birth-registration-reference', 'civil-registration');
    await expect(page.getByTestId('screen-service')).not.toContainText(/cannot|this kiosk/i);
    await services.apply();
    const form = new FormPage(page);
    await form.fill({ registrationNumber: 'УБ90031512', phone: '99112233' });
    await page.getByTestId('field-purpose-school').check();
    await page.getByTestId('field-delivery-post').check();
    await form.fill({ postAddress: 'Bayan-Ölgii, Ölgii soum, 4th bag, 12' });
    await form.submit();

    const receipt = new ReceiptPage(page);
    const trackingNo = await receipt.trackingNumber();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your request is saved');
    await expect(page.getByTestId('submission-kind')).toHaveText('Service request');
    await expect(page.getByTestId('submission-title')).toHaveText('Birth registration reference');
    await shoot(page, 'reference-receipt-en');
    const secret = (await page.getByTestId('receipt-secret').innerText()).replace(/\D/g, '');

    // Queued like every application, it reaches the server with its service and form.
    await waitForAppEvent(page, 'submission-delivered', { trackingNo });
    expect(await serverRow(trackingNo)).toMatchObject({
      kind: 'service_application',
      service_id: 'birth-registration-reference',
      form_id: 'reference-request',
      lang: 'en',
    });
    await forwardAndAnswer(browser, trackingNo, 'Лавлагааг шуудангаар илгээлээ.');
    expect(await serverRow(trackingNo)).toMatchObject({ agency_id: 'state-registration', status: 'answered' });

    // The kiosk syncs the 'answered' change (the answer sealed under the receipt's key).
    const held = () =>
      page.evaluate(async (no) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open('tsonkh');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        const row = await new Promise<unknown>((resolve) => {
          const r = db.transaction('statuses').objectStore('statuses').get(no);
          r.onsuccess = () => resolve(r.result);
        });
        db.close();
        return JSON.stringify(row ?? null);
      }, trackingNo);
    await expect.poll(held, { timeout: 60_000 }).toContain('"answered"');

    // Back at the kiosk: "Check my receipt" names what it was, and the answer opens with the secret.
    await page.getByTestId('receipt-done').click();
    await kiosk.start('en');
    await kiosk.openTile('track');
    await typeOnTrackKeypad(page, trackingNo);
    await expect(page.getByTestId('track-status')).toHaveAttribute('data-status', 'answered', { timeout: 60_000 });
    await expect(page.getByTestId('track-result').getByTestId('submission-kind')).toHaveText('Service request');
    await expect(page.getByTestId('track-result').getByTestId('submission-title')).toHaveText(
      'Birth registration reference',
    );
    await page.getByTestId('track-enter-secret').click();
    await typeOnTrackKeypad(page, secret);
    await expect(page.getByTestId('track-answer-text')).toContainText('шуудангаар', { timeout: 60_000 });
  },
);

test('library: the attract and home screens promise only what the screen does, and say where to comment', async ({
  page,
}) => {
  await env.start({ config: { presentation: 'library' } });
  await page.goto(env.kiosk!.url);
  await waitForAppEvent(page, 'ready');
  const attract = page.getByTestId('screen-attract');
  await expect(attract).toContainText('Хуулийн төсөл унших');
  await expect(attract).not.toContainText('санал өгөх');
  const kiosk = new KioskPage(page);
  await kiosk.start();
  await waitForAppEvent(page, 'content-applied');
  await expect(page.getByTestId('tile-laws')).toContainText('Уншиж, хэвлэх');
  await expect(page.getByTestId('tile-laws')).not.toContainText('санал');
  const notice = page.getByTestId('library-notice');
  await expect(notice).toContainText('хуулийн төсөл уншиж');
  await expect(notice).toContainText('ТҮЦ машин');
  await expect(notice).toContainText('11-11');
  await shoot(page, 'library-home');

  // The law list: no countdown to a comment this screen cannot take, but the last day and where.
  await kiosk.openTile('laws');
  const laws = new LawsPage(page);
  const card = laws.card('petitions-law');
  await expect(card).toHaveAttribute('data-window', 'open');
  await expect(card.getByTestId('law-window')).toContainText('Санал авах сүүлийн өдөр');
  await expect(card.getByTestId('law-window')).not.toContainText('хоног үлдлээ');
  await expect(card.getByTestId('law-window-detail')).toContainText('ТҮЦ машин');
  await laws.openLaw('petitions-law');
  await expect(page.getByTestId('law-window-detail')).toContainText('11-11');

  // A service: where it can be requested, since this screen takes no requests.
  await kiosk.openTile('services');
  await page.getByTestId('category-civil-registration').click();
  await expect(page.getByTestId('service-birth-registration-reference').getByTestId('reach-badge')).toHaveText(
    'ТҮЦ машинаас хүснэ',
  );
  await page.getByTestId('service-birth-registration-reference').click();
  await expect(page.getByTestId('service-library')).toContainText('сум, аймгийн төвийн ТҮЦ машинаас');
  await expect(page.getByTestId('apply')).toHaveCount(0);
});

test('in Kazakh: a comment’s receipt says it is a comment on article 12, leads back to the law, and the check says so too', async ({
  page,
}) => {
  await env.start();
  const kiosk = new KioskPage(page);
  await kiosk.open(env.kiosk!.url, 'kk');
  await waitForAppEvent(page, 'content-applied');
  await kiosk.openTile('laws');
  const laws = new LawsPage(page);
  await laws.openLaw('petitions-law');

  // "No article with that number" goes away as soon as the citizen searches or moves on.
  await page.getByTestId('law-goto-input').fill('999');
  await page.getByTestId('law-goto').click();
  await expect(page.getByTestId('law-goto-error')).toBeVisible();
  await laws.search('шағым');
  await expect(page.getByTestId('law-goto-error')).toHaveCount(0);
  await laws.search('');
  await page.getByTestId('law-goto-input').fill('999');
  await page.getByTestId('law-goto').click();
  await expect(page.getByTestId('law-goto-error')).toBeVisible();
  await laws.jumpFromContents(12);
  await expect(page.getByTestId('law-goto-error')).toHaveCount(0);

  await laws.commentOnArticle(12);
  await laws.comment({ stance: 'for', text: 'Бұл бапты толық қолдаймын, мерзімі түсінікті.' });
  const trackingNo = await new ReceiptPage(page).trackingNumber();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ұсынысыңыз сақталды');
  await expect(page.getByTestId('screen-receipt')).not.toContainText('Өтінішіңіз сақталды');
  await expect(page.getByTestId('submission-kind')).toHaveText('Заң жобасына ұсыныс');
  await expect(page.getByTestId('submission-article')).toHaveText('12-бап');
  await shoot(page, 'comment-receipt-kk');

  // Back to the law, at the article commented on.
  await page.getByTestId('receipt-back-to-law').click();
  await expect(page.getByTestId('screen-law')).toHaveAttribute('data-law-id', 'petitions-law');
  await expect(laws.article(12)).toBeInViewport();

  // The receipt check names the kind, the law and the article.
  await kiosk.openTile('track');
  await typeOnTrackKeypad(page, trackingNo);
  const result = page.getByTestId('track-result');
  await expect(result.getByTestId('submission-kind')).toHaveText('Заң жобасына ұсыныс');
  await expect(result.getByTestId('submission-title')).not.toBeEmpty();
  await expect(result.getByTestId('submission-article')).toHaveText('12-бап');
  await shoot(page, 'track-comment-kk');
});
