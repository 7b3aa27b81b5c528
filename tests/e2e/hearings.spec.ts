import { KioskPage, ReceiptPage, waitForAppEvent, waitForNextAppEvents } from './pages/kiosk-page.js';
import { axeProblems, smallTargets } from './support/a11y.js';
import { onCasePage } from './support/console-env.js';
import { SERVER_JOURNEY } from './support/kiosk-env.js';
import { expect, test } from './support/fixtures.js';

// The demo open data on the server (worlds leave it out unless they show it).
test.use({ world: { openData: true } });

test(
  'a citizen in Ölgii, in Kazakh, signs up for a public hearing while offline; it arrives once and the organiser sees it',
  SERVER_JOURNEY,
  async ({ page, env, browser }) => {
    const kiosk = new KioskPage(page);
    await kiosk.open(env.kiosk!.url, 'kk');
    await waitForAppEvent(page, 'open-data-applied');
    await kiosk.expectNetwork('online');
    await env.stopServer();
    await kiosk.expectNetwork('offline');
    // The largest text: every check below (axe, 48 px targets) is made at 200 %.
    await page.getByTestId('display-toggle').click();
    await page.getByTestId('text-scale-200').click();
    await expect(page.locator('html')).toHaveAttribute('data-text-scale', '200');
    await page.getByTestId('display-toggle').click();

    // Reached from home until the open-data hub holds it.
    await page.getByTestId('tile-openData').click();
    await page.getByTestId('open-data-section-hearings').click();
    const screen = page.getByTestId('screen-hearings');
    await expect(screen.getByRole('heading', { level: 1 })).toHaveText('Қоғамдық тыңдау');
    const upcoming = page.getByTestId('hearings-upcoming').locator('> li');
    const past = page.getByTestId('hearings-past').locator('> li');
    await expect(upcoming.first()).toBeVisible();
    await expect(past.first()).toBeVisible();
    // Those to come first, with the day in Kazakh words on Ölgii's clock, the source and its day.
    const first = upcoming.first();
    await expect(first.getByTestId('hearing-when')).toContainText(
      /\d{4} жылғы \d{1,2} [а-яәғқңөұүһі]+, [а-яәғқңөұүһі]+, сағат \d\d:\d\d/,
    );
    await expect(first).toContainText('https://www.legalinfo.mn/');
    await expect(first).toContainText('Мәлімет алынған күн: 2026.11.20');
    // Those held show their result.
    await expect(past.first().getByTestId('hearing-result')).not.toBeEmpty();
    expect(await axeProblems(page, 'hearings')).toEqual([]);
    expect(await smallTargets(page, 'hearings')).toEqual([]);

    const hearingId = (await first.getAttribute('data-testid'))!.replace(/^hearing-/, '');
    const topic = (await first.locator('h3').innerText()).split('\n')[0]!.trim();
    await first.getByTestId('hearing-sign-up').click();
    const form = page.getByTestId('screen-hearing-signup');
    await expect(form.getByTestId('hearing-signup-topic')).toHaveText(topic);
    // Nothing typed: both fields are asked for, in Kazakh, and nothing is lost.
    await page.getByTestId('next').click();
    await expect(page.getByTestId('hearing-name-message')).toHaveText('Аты-жөніңізді жазыңыз.');
    await page.getByTestId('hearing-name').fill('Айгүл Серікқызы');
    await page.getByTestId('hearing-phone').fill('9911 2233');
    expect(await axeProblems(page, 'hearing sign-up')).toEqual([]);
    await page.getByTestId('next').click();
    await expect(page.getByTestId('review')).toContainText('Айгүл Серікқызы');
    // Consent is asked for before anything is sent.
    await page.getByTestId('submit').click();
    await expect(page.getByTestId('consent-message')).toBeVisible();
    await page.getByTestId('consent').check();
    expect(await axeProblems(page, 'hearing sign-up review')).toEqual([]);
    await page.getByTestId('submit').click();

    const receipt = new ReceiptPage(page);
    const trackingNo = await receipt.trackingNumber();
    await expect(page.getByTestId('screen-receipt').getByRole('heading', { level: 1 })).toHaveText(
      'Тыңдауға қатысу өтінішіңіз сақталды',
    );
    await expect(receipt.printState()).toHaveAttribute('data-state', 'printed');
    await expect(receipt.deliveryState()).toHaveAttribute('data-state', 'queued');
    const printed = env.capturedReceipts();
    expect(printed).toHaveLength(1);
    expect(printed[0]!.bytes.includes(Buffer.from('99112233', 'ascii'))).toBe(false);

    await env.startServer();
    await waitForAppEvent(page, 'submission-delivered', { trackingNo });
    await expect(receipt.deliveryState()).toHaveAttribute('data-state', 'accepted');
    expect(await env.serverRows(trackingNo)).toBe(1);
    await waitForNextAppEvents(page, 'sync-complete', 2);
    expect(await env.serverRows(trackingNo)).toBe(1);
    const row = await (
      await env.serverDb()
    )
      .selectFrom('submissions')
      .select(['kind', 'hearing_id', 'lang'])
      .where('tracking_no', '=', trackingNo)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ kind: 'hearing_signup', hearing_id: hearingId, lang: 'kk' });

    // The organiser finds it among the cases, with the name and phone opened on its page.
    await onCasePage(browser, env, 'tyndau', trackingNo, async (office) => {
      await expect(office.getByRole('heading', { level: 1 })).toContainText('Сонсголд оролцох хүсэлт');
      await expect(office.locator('main')).toContainText('Айгүл Серікқызы');
      await expect(office.locator('main')).toContainText('99112233');
      // And the count of sign-ups per hearing, above the cases filtered to sign-ups.
      await office.goto(`${env.server!.url}/console/cases?kind=hearing_signup&aimag=83`);
      await expect(office.getByTestId(`hearing-row-${hearingId}`).locator('td').last()).toHaveText('1');
    });
  },
);
