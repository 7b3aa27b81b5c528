import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { decodeEscPos } from '../support/escpos-decoder.js';
import { KioskPage, ReceiptPage, waitForAppEvent, waitForNextAppEvents } from './pages/kiosk-page.js';
import { LawsPage } from './pages/laws-page.js';
import { axeProblems, overflowProblems, smallTargets } from './support/a11y.js';
import { KioskEnvironment, SERVER_JOURNEY } from './support/kiosk-env.js';
import { REPO_ROOT } from './support/processes.js';

const SHOTS = path.join(REPO_ROOT, 'tests/output/screenshots');
const ORIENTATIONS = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
} as const;

let env: KioskEnvironment;
test.beforeEach(() => {
  env = new KioskEnvironment();
});
test.afterEach(async () => {
  await env.stop();
});

async function shoot(page: Page, name: string): Promise<void> {
  for (const [orientation, size] of Object.entries(ORIENTATIONS)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(SHOTS, `${orientation}-laws-${name}.png`) });
  }
  await page.setViewportSize(ORIENTATIONS.portrait);
}

/** A visit on the kiosk at `url`, its content in, with law `lawId` open in the reader (or presentation). */
async function openLaw(
  page: Page,
  url: string,
  lawId = 'petitions-law',
): Promise<{ kiosk: KioskPage; laws: LawsPage }> {
  const kiosk = new KioskPage(page);
  await kiosk.open(url);
  await waitForAppEvent(page, 'content-applied');
  await kiosk.openTile('laws');
  const laws = new LawsPage(page);
  await laws.openLaw(lawId);
  return { kiosk, laws };
}

test(
  'a citizen reads article 12, comments against it offline, and a second kiosk counts it after its sync',
  SERVER_JOURNEY,
  async ({ page, browser }) => {
    await env.start();
    const second = await env.startSecondKiosk();

    // The second kiosk, somewhere else: article 12 of the open law, before the comment.
    const other = await browser.newPage({ viewport: ORIENTATIONS.portrait });
    const { laws: otherLaws } = await openLaw(other, second.url);
    await otherLaws.goToArticle(12);
    // Nobody has commented on this law yet: it has no counts at all.
    await expect(other.getByTestId('article-12-counts')).toHaveCount(0);

    // This kiosk: the open law is listed first, with days left in words; closed ones say so.
    const kiosk = new KioskPage(page);
    await kiosk.open(env.kiosk!.url);
    await waitForAppEvent(page, 'content-applied');
    await kiosk.expectNetwork('online');
    await kiosk.openTile('laws');
    const laws = new LawsPage(page);
    await expect(laws.card('petitions-law')).toHaveAttribute('data-window', 'open');
    await expect(laws.card('soum-development-fund-law')).toHaveAttribute('data-window', 'closed');
    const order = await page
      .locator('.law-card')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-window')));
    expect(order.indexOf('closed')).toBeGreaterThan(order.lastIndexOf('open'));
    await expect(laws.card('petitions-law').getByTestId('law-window')).toContainText('хоног үлдлээ');
    await shoot(page, 'list');

    await laws.openLaw('petitions-law');
    await expect(page.getByRole('heading', { name: 'Товч агуулга' })).toBeVisible();
    await laws.goToArticle(12);
    await expect(laws.article(12)).toContainText('12-р зүйл');
    await shoot(page, 'reader');

    await env.stopServer();
    await kiosk.expectNetwork('offline');

    await laws.commentOnArticle(12);
    await expect(page.getByTestId('comment-closed')).toHaveCount(0);
    // Sending with nothing chosen keeps the citizen on the form with specific messages.
    await page.getByTestId('comment-submit').click();
    await expect(page.getByTestId('comment-stance-message')).toBeVisible();
    await expect(page.getByTestId('comment-text-message')).toBeVisible();
    await shoot(page, 'comment');
    // What was written survives going back to read the article again.
    await page.getByTestId('comment-text').fill('Хариу өгөх хугацаа');
    await page.getByTestId('nav-back').click();
    await expect(laws.article(12)).toBeVisible();
    await laws.commentOnArticle(12);
    await expect(page.getByTestId('comment-text')).toHaveValue('Хариу өгөх хугацаа');
    await laws.comment({
      stance: 'against',
      text: 'Хариу өгөх 30 хоногийн хугацааг сунгах нь иргэнд хүндрэлтэй. Сунгахгүй байхыг санал болгож байна.',
    });

    const receipt = new ReceiptPage(page);
    const trackingNo = await receipt.trackingNumber();
    expect(trackingNo).toMatch(/^0421-\d{6}-\d$/);
    await expect(receipt.printState()).toHaveAttribute('data-state', 'printed');
    await expect(receipt.deliveryState()).toHaveAttribute('data-state', 'queued');

    // The server comes back: the comment arrives exactly once, and further syncs add nothing.
    await env.startServer();
    await waitForAppEvent(page, 'submission-delivered', { trackingNo });
    await expect(receipt.deliveryState()).toHaveAttribute('data-state', 'accepted');
    expect(await env.serverRows(trackingNo)).toBe(1);
    await waitForNextAppEvents(page, 'sync-complete', 2);
    expect(await env.serverRows(trackingNo)).toBe(1);

    // The second kiosk learns the new count with its own content sync.
    await expect(otherLaws.countLocator(12, 'against')).toHaveAttribute('data-count', '1', { timeout: 60_000 });
    await expect(otherLaws.countLocator(12, 'for')).toHaveAttribute('data-count', '0');
    await other.close();
  },
);

test('reader: search with Latin spelling, text size, contents, what changed, and a closed law', async ({ page }) => {
  await env.start();
  const { kiosk, laws } = await openLaw(page, env.kiosk!.url);

  // "gomdol" typed in Latin finds гомдол, and marks it in the text.
  await laws.search('gomdol');
  await expect(laws.searchCount()).not.toHaveAttribute('data-hits', '0');
  await expect(page.locator('mark.law-hit').first()).toBeVisible();
  await expect(page.locator('mark.law-hit').first()).toHaveText(/^гомдол/i);
  await shoot(page, 'search');
  await laws.search('');

  // Only what is in view is rendered, even for a 110-article law.
  const rendered = await page.locator('.law-article').count();
  expect(rendered).toBeLessThan(40);
  await laws.jumpFromContents(110);
  await expect(laws.article(110)).toBeInViewport();

  await page.getByTestId('law-text-larger').click();
  await expect(page.getByTestId('law-text-scale')).toHaveText('125%');
  await expect(laws.article(110)).toBeInViewport();
  // One text size for the whole visit: the reader's buttons set the same one as the header.
  await expect(page.locator('html')).toHaveAttribute('data-text-scale', '125');

  // What changed between version 1 and 2: exactly the articles the changelog names.
  await page.getByTestId('law-changes').click();
  await expect(page.getByTestId('changes-count')).toHaveAttribute('data-count', '5');
  const changed = await page
    .locator('[data-testid^="change-"][data-kind]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-testid')!.slice('change-'.length))));
  expect(changed.sort((a, b) => a - b)).toEqual([18, 22, 50, 51, 110]);
  await shoot(page, 'changes');
  await page.getByTestId('change-22-read').click();
  await expect(laws.article(22)).toBeInViewport();

  // A closed law: readable, marked as closed, and no comment buttons.
  await kiosk.openTile('laws');
  await laws.openLaw('soum-development-fund-law');
  await expect(page.getByTestId('law-window')).toHaveAttribute('data-state', 'closed');
  await expect(page.locator('[data-testid^="comment-article-"]')).toHaveCount(0);
  await expect(page.getByTestId('comment-law')).toHaveCount(0);
});

test('the window closes while a citizen writes: told so on sending, and the text is kept', async ({ page }) => {
  await env.start();
  await page.clock.install();
  const { laws } = await openLaw(page, env.kiosk!.url);
  await laws.goToArticle(12);
  await laws.commentOnArticle(12);
  await page.getByTestId('comment-stance-for').click();
  await page.getByTestId('comment-text').fill('Энэ зүйлийг дэмжиж байна.');
  // Long past any closing day (the kiosk's clock only: nothing is sent).
  await page.clock.setSystemTime((await page.evaluate(() => Date.now())) + 400 * 86_400_000);
  // The idle guard ticks on: a wall-clock jump of days is not idleness, so the visit stays.
  await page.clock.runFor(1000);
  await expect(page.getByTestId('comment-text')).toHaveValue('Энэ зүйлийг дэмжиж байна.');
  await page.getByTestId('comment-submit').click();
  await expect(page.getByTestId('comment-closed-meanwhile')).toContainText('дууссан');
  await expect(page.getByTestId('comment-text')).toHaveValue('Энэ зүйлийг дэмжиж байна.');
  await expect(page.getByTestId('screen-receipt')).toHaveCount(0);
});

test('library: the law page by page on the big screen, and an article printed', async ({ page }) => {
  await env.start({ config: { presentation: 'library' } });
  await page.setViewportSize(ORIENTATIONS.landscape);
  const { laws } = await openLaw(page, env.kiosk!.url);
  await expect(page.getByTestId('screen-law')).toHaveAttribute('data-mode', 'library');

  await expect(laws.presentationCount()).toHaveText('1 / 111 хуудас');
  await expect(page.getByTestId('presentation-print')).toHaveText('Товч агуулгыг хэвлэх');
  await laws.nextPage();
  await expect(laws.presentationCount()).toHaveText('2 / 111 хуудас');
  await expect(laws.article(1)).toBeVisible();
  await laws.previousPage();
  await expect(laws.presentationCount()).toHaveText('1 / 111 хуудас');
  await shoot(page, 'library-summary');

  // No comment or personal-data features on a library screen.
  await expect(page.locator('[data-testid^="comment-"]')).toHaveCount(0);

  await page.getByTestId('presentation-toc-toggle').click();
  await page.getByTestId('toc-article-12').click();
  await expect(laws.presentationCount()).toHaveText('13 / 111 хуудас');
  await expect(laws.article(12)).toBeVisible();
  await shoot(page, 'library-article');
  await page.setViewportSize(ORIENTATIONS.landscape);
  expect([...(await axeProblems(page, 'library')), ...(await smallTargets(page, 'library'))]).toEqual([]);

  await laws.print();
  await expect(laws.printState()).toHaveAttribute('data-state', 'printed');
  await waitForAppEvent(page, 'law-printed', { what: 'article-12' });
  const captured = env.capturedReceipts();
  expect(captured).toHaveLength(1);
  // What came out of the printer: a law job (the text is printed as a picture, which the printer
  // module's own tests decode line by line), with a QR code to the article's full text.
  const url = 'https://tsonkh.gov.mn/laws/petitions-law/12';
  const job = decodeEscPos(captured[0]!.bytes);
  expect(job.items.filter((i) => i.kind === 'qr').map((i) => (i.kind === 'qr' ? i.data : ''))).toEqual([url]);
  expect(job.page.height).toBeGreaterThan(200);
  expect(job.cuts).toBe(1);
  const record = JSON.parse(
    readFileSync(path.join(env.receiptsDir, captured[0]!.file.replace(/\.bin$/, '.json')), 'utf8'),
  ) as { kind: string; url: string };
  expect(record).toMatchObject({ kind: 'law', url });
});

test('law screens: no WCAG 2.2 AA violation and 48 px targets in mn, kk and en; 200 % text fits', async ({ page }) => {
  test.setTimeout(240_000);
  await env.start();
  const kiosk = new KioskPage(page);
  await kiosk.open(env.kiosk!.url);
  await waitForAppEvent(page, 'content-applied');
  const laws = new LawsPage(page);
  const problems: string[] = [];
  const check = async (name: string) => {
    problems.push(...(await axeProblems(page, name)), ...(await smallTargets(page, name)));
  };
  const tour = async (lang: string, visit: (name: string) => Promise<void>) => {
    await kiosk.openTile('laws');
    await expect(laws.card('petitions-law')).toBeVisible();
    await visit(`${lang}-list`);
    await laws.openLaw('petitions-law');
    await expect(page.locator('.law-summary')).toBeVisible();
    await page.getByTestId('law-toc-toggle').click();
    await visit(`${lang}-reader-contents`);
    // The contents cover the screen; they close with their own button.
    await page.getByTestId('law-toc-close').click();
    await laws.search('сунга');
    await expect(page.locator('mark.law-hit').first()).toBeVisible();
    await visit(`${lang}-reader-search`);
    await page.getByTestId('law-changes').click();
    await expect(page.getByTestId('changes-count')).toHaveAttribute('data-count', '5');
    await visit(`${lang}-changes`);
    await page.getByTestId('nav-back').click();
    await laws.goToArticle(12);
    await laws.commentOnArticle(12);
    await page.getByTestId('comment-submit').click();
    await expect(page.getByTestId('comment-text-message')).toBeVisible();
    await visit(`${lang}-comment-errors`);
  };

  for (const lang of ['mn', 'kk', 'en'] as const) {
    await kiosk.chooseLanguage(lang);
    await tour(lang, check);
  }
  expect(problems).toEqual([]);

  await kiosk.chooseLanguage('mn');
  await kiosk.home();
  await page.getByTestId('display-toggle').click();
  await page.getByTestId('text-scale-200').click();
  await page.getByTestId('high-contrast').click();
  await page.getByTestId('display-close').click();
  for (const [orientation, size] of Object.entries(ORIENTATIONS)) {
    await page.setViewportSize(size);
    await tour(`${orientation}-200`, async (name) => {
      problems.push(...(await overflowProblems(page, name)));
      await page.screenshot({
        path: path.join(SHOTS, `${orientation}-laws-200-contrast-${name.split('-200-')[1]}.png`),
      });
    });
  }
  expect(problems).toEqual([]);
});
