import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { FormPage, KioskPage, ServicesPage, waitForAppEvent } from './pages/kiosk-page.js';
import { LawsPage } from './pages/laws-page.js';
import { expect, test } from './support/fixtures.js';
import { REPO_ROOT } from './support/processes.js';

/**
 * Issue 15, "Readable in every mode" and "Typing": what a citizen types stays readable in high
 * contrast, the field being typed in stays above the keyboard at 200 % text in both
 * orientations, no key label is cut, the screen is used in portrait and landscape, the law's
 * contents open as a full list in view, aimag and soum are touch lists, and the keyboard and the
 * forms let a citizen type an e-mail, a date and a comma, and change one answer from the review.
 */

const SHOTS = path.join(REPO_ROOT, 'tests/output/screenshots/readable');
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };
const ORIENTATIONS = { portrait: PORTRAIT, landscape: LANDSCAPE } as const;
type Size = { width: number; height: number };

/** Opens this world's kiosk at `size` in `lang` and waits until its content is in. */
async function openKiosk(page: Page, url: string, size: Size, lang: 'mn' | 'kk' | 'en'): Promise<KioskPage> {
  await page.setViewportSize(size);
  const kiosk = new KioskPage(page);
  await kiosk.open(url, lang);
  await waitForAppEvent(page, 'content-applied');
  return kiosk;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

async function display(page: Page, opts: { scale?: 100 | 150 | 200; contrast?: boolean }): Promise<void> {
  await page.getByTestId('display-toggle').click();
  if (opts.scale) await page.getByTestId(`text-scale-${opts.scale}`).click();
  if (opts.contrast !== undefined) {
    const on = (await page.locator('html').getAttribute('data-theme')) === 'contrast';
    if (on !== opts.contrast) await page.getByTestId('high-contrast').click();
  }
  await page.getByTestId('display-close').click();
}

/** Types text into every visible field of the screen (a date as a date, a choice in every drop-down). */
async function typeIntoEveryField(page: Page): Promise<number> {
  const fields = page.locator(
    'main input[type="text"]:visible, main input[type="search"]:visible, main input[type="tel"]:visible, main input:not([type]):visible, main textarea:visible',
  );
  // The screen's fields are there before they are counted (a step's screen renders after its click).
  await fields.first().waitFor({ state: 'visible' });
  const n = await fields.count();
  for (let i = 0; i < n; i++) {
    const field = fields.nth(i);
    const kind = await field.evaluate(
      (el) => (el as HTMLElement).dataset.keyboard ?? (el as HTMLInputElement).inputMode,
    );
    await field.fill(kind === 'date' ? '1990.05.01' : kind === 'numeric' ? '12' : 'Сарнай Бат 99112233');
  }
  for (const select of await page.locator('main select:visible').all()) await select.selectOption({ index: 1 });
  return n;
}

/**
 * Every field's text against what is behind it, from the computed styles (the colour of the
 * field, and the first background that is not transparent from the field up): at least 4.5 : 1.
 */
async function fieldContrastProblems(page: Page, name: string): Promise<string[]> {
  const problems = await page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const ch = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * ch(r!) + 0.7152 * ch(g!) + 0.0722 * ch(b!);
    };
    const out: string[] = [];
    const fields = document.querySelectorAll<HTMLElement>(
      'input:not([type="checkbox"]):not([type="radio"]):not([type="hidden"]), select, textarea',
    );
    for (const el of fields) {
      if (el.getBoundingClientRect().width === 0) continue;
      const fg = rgb(getComputedStyle(el).color);
      let bg: number[] = [255, 255, 255];
      for (let n: Element | null = el; n; n = n.parentElement) {
        const c = rgb(getComputedStyle(n).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3]! > 0.5)) {
          bg = c;
          break;
        }
      }
      const [a, b] = [lum(fg), lum(bg)];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) out.push(`${el.getAttribute('data-testid') ?? el.id ?? el.tagName} ${ratio.toFixed(2)}:1`);
    }
    return out;
  });
  const axe = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
  return [
    ...problems.map((p) => `${name}: ${p}`),
    ...axe.violations.flatMap((v) => v.nodes.map((n) => `${name}: axe ${v.id} ${n.target.join(' ')}`)),
  ];
}

test('high contrast: text typed into every field stays readable (4.5 : 1) on every screen with fields', async ({
  page,
  env,
}) => {
  test.setTimeout(240_000);
  const kiosk = await openKiosk(page, env.kiosk!.url, PORTRAIT, 'mn');
  await display(page, { contrast: true });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'contrast');
  const problems: string[] = [];
  const check = async (name: string) => {
    expect(await typeIntoEveryField(page), name).toBeGreaterThan(0);
    await page.locator(':focus').blur();
    problems.push(...(await fieldContrastProblems(page, name)));
  };

  // The services search, then a service form of three steps (text, number, date, drop-down, place).
  await kiosk.openTile('services');
  await check('services-search');
  const services = new ServicesPage(page);
  await services.openService('land-ownership-registration', 'land-and-property');
  await services.apply();
  await check('form-step-1');
  const form = new FormPage(page);
  await form.fill({ registrationNumber: 'УБ99032112', lastName: 'Бат', phone: '99112233', householdSize: '4' });
  await shot(page, 'contrast-form-typed');
  await page.getByTestId('next').click();
  await check('form-step-2');

  // A petition's message and contact steps.
  await kiosk.openTile('petition');
  await page.getByTestId('petition-category-complaint').click();
  await page.getByTestId('next').click();
  await check('petition-message');
  await page.getByTestId('next').click();
  await check('petition-contact');
  await shot(page, 'contrast-petition-contact-typed');

  // The law reader's search and go-to, and a comment.
  await kiosk.openTile('laws');
  const laws = new LawsPage(page);
  await laws.openLaw('petitions-law');
  await check('law-reader');
  await page.getByTestId('law-goto-input').fill('12');
  await laws.goToArticle(12);
  await laws.commentOnArticle(12);
  await check('law-comment');
  await shot(page, 'contrast-law-comment-typed');
  expect(problems).toEqual([]);
});

/** The focused field's box against the keyboard's: wholly above it and on screen. */
async function fieldAboveKeyboard(page: Page, name: string): Promise<string[]> {
  await expect(page.getByTestId('keyboard')).toBeVisible();
  // The keyboard has measured itself and the page has scrolled (two frames).
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const r = await page.evaluate(() => {
    const field = document.activeElement!.getBoundingClientRect();
    const keyboard = document.querySelector('[data-testid="keyboard"]')!.getBoundingClientRect();
    return { top: field.top, bottom: field.bottom, keyboardTop: keyboard.top };
  });
  const out: string[] = [];
  if (r.bottom > r.keyboardTop) out.push(`${name}: field bottom ${r.bottom} under the keyboard's top ${r.keyboardTop}`);
  if (r.top < 0) out.push(`${name}: field top ${r.top} above the screen`);
  return out;
}

/** Every key whose label does not fit it (cut, as "Монг" for "Монгол"). */
async function cutKeyLabels(page: Page, name: string): Promise<string[]> {
  const cut = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="keyboard"] button')]
      .filter((k) => k.scrollWidth > k.clientWidth + 1)
      .map((k) => `"${(k.textContent ?? '').trim()}" ${k.scrollWidth}/${k.clientWidth}`),
  );
  return cut.map((c) => `${name}: cut key ${c}`);
}

for (const [orientation, size] of Object.entries(ORIENTATIONS) as [string, Size][]) {
  test(`200 % text, ${orientation}: the field typed in stays above the keyboard and no key label is cut`, async ({
    page,
    env,
  }) => {
    test.setTimeout(180_000);
    // Kazakh: its keyboard has the most keys, and its labels were the ones cut ("Өшір", "Дайы").
    const kiosk = await openKiosk(page, env.kiosk!.url, size, 'kk');
    await display(page, { scale: 200 });
    await expect(page.locator('html')).toHaveAttribute('data-text-scale', '200');
    const problems: string[] = [];

    // A petition's contact step: the last field is the lowest on the page.
    await kiosk.openTile('petition');
    await page.getByTestId('petition-category-complaint').click();
    await page.getByTestId('next').click();
    await page.getByTestId('petition-subject').click();
    problems.push(...(await fieldAboveKeyboard(page, 'subject')), ...(await cutKeyLabels(page, 'kk letters')));
    for (const alphabet of ['mn', 'latin'] as const) {
      await page.locator(`[data-key="alphabet-${alphabet}"]`).click();
      problems.push(...(await cutKeyLabels(page, `${alphabet} letters`)));
    }
    await page.locator('[data-key="symbols"]').click();
    problems.push(...(await cutKeyLabels(page, 'punctuation')));
    await page.locator('[data-key="symbols"]').click();
    // Told at once (the steps below cannot go on when the keyboard covers the buttons).
    expect.soft(problems, 'the first field and the letter keyboards').toEqual([]);
    await page.getByTestId('petition-subject').fill('Худгийн ус');
    await page.getByTestId('petition-text').fill('Манай багийн худаг хоёр сар эвдэрхий байна.');
    await page.getByTestId('next').click();
    for (const f of ['name', 'phone', 'address']) {
      await page.getByTestId(`petition-${f}`).click();
      problems.push(...(await fieldAboveKeyboard(page, `petition ${f}`)));
    }
    problems.push(...(await cutKeyLabels(page, 'phone keypad')));
    await shot(page, `keyboard-200-${orientation}-petition-address`);

    // A date on the keypad, and a comment's contact on the letters with @.
    const services = new ServicesPage(page);
    await services.openService('land-ownership-registration', 'land-and-property');
    await services.apply();
    const form = new FormPage(page);
    await form.fill({ registrationNumber: 'УБ99032112', firstName: 'Сарнай', lastName: 'Бат', phone: '99112233' });
    await form.fill({ householdSize: '4' });
    await page.getByTestId('next').click();
    await form.field('possessedSince').click();
    problems.push(...(await fieldAboveKeyboard(page, 'date')), ...(await cutKeyLabels(page, 'date keypad')));
    await shot(page, `keyboard-200-${orientation}-date`);

    await kiosk.openTile('laws');
    const laws = new LawsPage(page);
    await laws.openLaw('petitions-law');
    await page.getByTestId('comment-law').click();
    await page.getByTestId('comment-contact').click();
    problems.push(...(await fieldAboveKeyboard(page, 'comment contact')), ...(await cutKeyLabels(page, 'contact')));
    await shot(page, `keyboard-200-${orientation}-comment-contact`);
    expect(problems).toEqual([]);
  });
}

test('typing: an e-mail on a comment, a date without dots, a comma, and "Change" back to the review', async ({
  page,
  env,
}) => {
  test.setTimeout(180_000);
  const kiosk = await openKiosk(page, env.kiosk!.url, PORTRAIT, 'en');
  const press = async (keys: string[]) => {
    for (const k of keys) await page.locator(`[data-testid="keyboard"] [data-key="${k}"]`).click();
  };

  // A petition: after a comma the keyboard is back on its letters.
  await kiosk.openTile('petition');
  await page.getByTestId('petition-category-complaint').click();
  await page.getByTestId('next').click();
  await page.getByTestId('petition-subject').click();
  await press(['w', 'e', 'l', 'l', 'symbols', ',']);
  await expect(page.getByTestId('keyboard')).not.toHaveAttribute('data-symbols', /.*/);
  await press(['a']);
  await expect(page.getByTestId('petition-subject')).toHaveValue('well,a');
  await page.getByTestId('petition-subject').fill('Water well');
  await page.getByTestId('petition-text').fill('The well of our bag has been broken for two months.');
  await page.getByTestId('next').click();
  await page.getByTestId('next').click();
  await expect(page.getByTestId('review')).toBeVisible();
  // "Change" the message: one step, then straight back to the review (not through the contact step).
  await page.getByTestId('edit-1').click();
  await page.getByTestId('petition-subject').fill('Our water well');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('review')).toBeVisible();
  await expect(page.getByTestId('review')).toContainText('Our water well');

  // A service form of three steps: a date typed as digits only gets its dots; Change returns to review.
  const services = new ServicesPage(page);
  await services.openService('land-ownership-registration', 'land-and-property');
  await services.apply();
  const form = new FormPage(page);
  await form.fill({ registrationNumber: 'УБ99032112', firstName: 'Sarnai', lastName: 'Bat', phone: '99112233' });
  await form.fill({ householdSize: '4' });
  await page.getByTestId('next').click();
  const date = form.field('possessedSince');
  await expect(date).not.toHaveAttribute('placeholder', /.+/);
  await expect(page.getByTestId('field-possessedSince-example')).toHaveText('For example: 1990.05.01');
  await date.click();
  await expect(page.getByTestId('keyboard')).toHaveAttribute('data-kind', 'date');
  await press([...'20150214']);
  await expect(date).toHaveValue('2015.02.14');
  await shot(page, 'typing-date-digits');
  await page.getByTestId('field-landPlace-aimag-83').click();
  await page.getByTestId('field-landPlace-soum').locator('input').first().click();
  await form.fill({ landAddress: 'Ölgii soum, 4th bag', landUse: 'ger-yard' });
  await page.getByTestId('next').click();
  await expect(form.message('possessedSince')).toHaveCount(0);
  await page.getByTestId('field-ownedBefore-no').check();
  await page.getByTestId('field-consent').check();
  await page.getByTestId('to-review').click();
  await expect(page.getByTestId('review')).toBeVisible();
  await expect(page.getByTestId('review')).toContainText('2015');
  await page.getByTestId('edit-0').click();
  await form.fill({ lastName: 'Batbold' });
  await page.getByTestId('to-review').click();
  await expect(page.getByTestId('review')).toBeVisible();
  await expect(page.getByTestId('review')).toContainText('Batbold');

  // A comment's "Phone or e-mail": the letters with @ and the dot, not the phone keypad.
  await kiosk.openTile('laws');
  const laws = new LawsPage(page);
  await laws.openLaw('petitions-law');
  await page.getByTestId('comment-law').click();
  await page.getByTestId('comment-contact').click();
  await expect(page.getByTestId('keyboard')).toHaveAttribute('data-kind', 'contact');
  await press([...'sarnai', '@', ...'mail', '.', ...'mn']);
  await expect(page.getByTestId('comment-contact')).toHaveValue('sarnai@mail.mn');
  await shot(page, 'typing-comment-email');
});

test('aimag and soum are large touch lists that start at the kiosk’s own aimag and soum', async ({ page, env }) => {
  await openKiosk(page, env.kiosk!.url, PORTRAIT, 'mn');
  const services = new ServicesPage(page);
  await services.openService('land-ownership-registration', 'land-and-property');
  await services.apply();
  const form = new FormPage(page);
  await form.fill({ registrationNumber: 'УБ99032112', firstName: 'Сарнай', lastName: 'Бат', phone: '99112233' });
  await form.fill({ householdSize: '4' });
  await page.getByTestId('next').click();

  await expect(page.locator('main select[id^="field-landPlace"]')).toHaveCount(0);
  const aimags = page.getByTestId('field-landPlace-aimag').locator('label');
  await expect(aimags).toHaveCount(22);
  // The kiosk (example config: aimag 83, soum 8301) is in Bayan-Ölgii: its aimag comes first.
  await expect(aimags.first()).toContainText('Баян-Өлгий');
  await expect(aimags.first()).toContainText('Энэ машин байгаа газар');
  for (const box of await aimags.evaluateAll((ls) => ls.map((l) => l.getBoundingClientRect().height)))
    expect(box).toBeGreaterThanOrEqual(64);
  await shot(page, 'place-aimag-list');
  await page.getByTestId('field-landPlace-aimag-83').click();
  await expect(page.getByTestId('field-landPlace-aimag-chosen')).toContainText('Баян-Өлгий');
  const soums = page.getByTestId('field-landPlace-soum').locator('label');
  await expect(soums.first()).toContainText('Өлгий');
  await expect(soums.first().locator('input')).toHaveAttribute('data-testid', 'field-landPlace-soum-8301');
  await shot(page, 'place-soum-list');
  await page.getByTestId('field-landPlace-soum-8301').click();
  await expect(page.getByTestId('field-landPlace-soum-chosen')).toContainText('Өлгий');
  // Choosing again opens the list with the answer ticked.
  await page.getByTestId('field-landPlace-aimag-change').click();
  await expect(page.getByTestId('field-landPlace-aimag-83')).toBeChecked();
  await page.getByTestId('field-landPlace-aimag-84').click();
  await expect(page.getByTestId('field-landPlace-aimag-chosen')).toContainText('Ховд');
});

/** How many of the contents' entries are wholly on the screen. */
async function contentsInView(page: Page, testId: string): Promise<{ inView: number; top: number; total: number }> {
  const toc = page.getByTestId(testId);
  await expect(toc).toBeVisible();
  return toc.evaluate((el) => {
    const items = [...el.querySelectorAll('.law-toc-item')];
    const inView = items.filter((i) => {
      const r = i.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
    }).length;
    return { inView, top: el.getBoundingClientRect().top, total: items.length };
  });
}

test('the contents of the 110-article law open in view as a full list, in both orientations', async ({ page, env }) => {
  const kiosk = await openKiosk(page, env.kiosk!.url, PORTRAIT, 'mn');
  await kiosk.openTile('laws');
  const laws = new LawsPage(page);
  await laws.openLaw('petitions-law');
  await page.getByTestId('law-toc-toggle').click();
  const portrait = await contentsInView(page, 'law-toc');
  expect(portrait.top).toBe(0);
  expect(portrait.total).toBeGreaterThan(100);
  expect(portrait.inView).toBeGreaterThanOrEqual(15);
  await shot(page, 'contents-portrait');
  await page.setViewportSize(LANDSCAPE);
  const landscape = await contentsInView(page, 'law-toc');
  expect(landscape.inView).toBeGreaterThanOrEqual(10);
  await shot(page, 'contents-landscape');
  await page.getByTestId('toc-article-40').click();
  await expect(page.getByTestId('law-toc')).toHaveCount(0);
  await expect(laws.article(40)).toBeInViewport();
});

test.describe('library mode', () => {
  test.use({ world: { config: { presentation: 'library' } } });
  test('the contents open in view, not below the screen’s edge', async ({ page, env }) => {
    const kiosk = await openKiosk(page, env.kiosk!.url, LANDSCAPE, 'mn');
    await kiosk.openTile('laws');
    const laws = new LawsPage(page);
    await laws.openLaw('petitions-law');
    for (const size of [LANDSCAPE, PORTRAIT]) {
      await page.setViewportSize(size);
      await page.getByTestId('presentation-toc-toggle').click();
      const toc = await contentsInView(page, 'presentation-toc');
      expect(toc.top).toBe(0);
      expect(toc.inView).toBeGreaterThanOrEqual(size === PORTRAIT ? 15 : 8);
      await shot(page, `contents-library-${size === PORTRAIT ? 'portrait' : 'landscape'}`);
      await page.getByTestId('presentation-toc-close').click();
      await expect(page.getByTestId('presentation-toc')).toHaveCount(0);
    }
    await page.getByTestId('presentation-toc-toggle').click();
    await page.getByTestId('toc-article-12').click();
    await expect(laws.article(12)).toBeInViewport();
  });
});

/**
 * The screen used: in portrait the home tiles, the attract screen's content and the receipt
 * reach down the screen (no half-empty screen); in landscape the home tiles use its width.
 */
test('portrait and landscape: home, attract screen and receipt use the screen', async ({ page, env }) => {
  test.setTimeout(180_000);
  const reach = (selector: string) =>
    page.evaluate((s) => {
      const els = [...document.querySelectorAll(s)];
      const bottom = Math.max(...els.map((e) => e.getBoundingClientRect().bottom));
      const right = Math.max(...els.map((e) => e.getBoundingClientRect().right));
      const left = Math.min(...els.map((e) => e.getBoundingClientRect().left));
      return { bottom: bottom / window.innerHeight, width: (right - left) / window.innerWidth };
    }, selector);
  let first = true;
  for (const [orientation, size] of Object.entries(ORIENTATIONS) as [string, Size][]) {
    await page.setViewportSize(size);
    await page.goto(env.kiosk!.url);
    await waitForAppEvent(page, 'ready');
    if (first) await waitForAppEvent(page, 'content-applied');
    first = false;
    await expect(page.getByTestId('screen-attract')).toBeVisible();
    await shot(page, `layout-${orientation}-attract`);
    expect((await reach('.attract > *')).bottom, 'attract').toBeGreaterThan(0.85);
    // The attract screen's pictures are large: each at least a sixth of the screen's shorter side.
    const picture = await page.locator('.attract-icon').first().boundingBox();
    expect(picture!.width).toBeGreaterThanOrEqual(Math.min(size.width, size.height) / 6);
    await page.getByTestId('start-mn').click();
    await expect(page.getByTestId('screen-home')).toBeVisible();
    await shot(page, `layout-${orientation}-home`);
    const home = await reach('.home .tile');
    expect(home.bottom, 'home tiles reach down the screen').toBeGreaterThan(0.85);
    expect(home.bottom, 'home tiles fit the screen').toBeLessThanOrEqual(1);
    expect(home.width, 'home tiles use the width').toBeGreaterThan(0.9);
  }
  // A receipt in portrait.
  await page.setViewportSize(PORTRAIT);
  const services = new ServicesPage(page);
  await services.openService('migration-registration', 'address-and-moving');
  await services.apply();
  const form = new FormPage(page);
  await form.fill({
    registrationNumber: 'УБ99032112',
    phone: '99112233',
    moveType: 'within-aimag',
    newAddress: 'Өлгий сум, 3-р баг',
  });
  await form.submit();
  await expect(page.getByTestId('screen-receipt')).toBeVisible();
  await waitForAppEvent(page, 'receipt-printed');
  await shot(page, 'layout-portrait-receipt');
  expect((await reach('.receipt > *')).bottom, 'receipt').toBeGreaterThan(0.8);
  // …and its "Finish" button is on the screen without scrolling.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(page.getByTestId('receipt-done')).toBeInViewport({ ratio: 1 });
});
