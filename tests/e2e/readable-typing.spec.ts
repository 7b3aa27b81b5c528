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
  const n = await fields.count();
  for (let i = 0; i < n; i++) {
    const field = fields.nth(i);
    const kind = await field.evaluate((el) => (el as HTMLElement).dataset.keyboard ?? (el as HTMLInputElement).inputMode);
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
  await page.setViewportSize(PORTRAIT);
  const kiosk = new KioskPage(page);
  await kiosk.open(env.kiosk!.url, 'mn');
  await waitForAppEvent(page, 'content-applied');
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
      .filter((k) => k.scrollWidth > k.clientWidth + 1 || k.scrollHeight > k.clientHeight + 1)
      .map((k) => `"${(k.textContent ?? '').trim()}" ${k.scrollWidth}/${k.clientWidth}×${k.scrollHeight}/${k.clientHeight}`),
  );
  return cut.map((c) => `${name}: cut key ${c}`);
}

for (const [orientation, size] of Object.entries(ORIENTATIONS) as [string, Size][]) {
  test(`200 % text, ${orientation}: the field typed in stays above the keyboard and no key label is cut`, async ({
    page,
    env,
  }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(size);
    const kiosk = new KioskPage(page);
    // Kazakh: its keyboard has the most keys, and its labels were the ones cut ("Өшір", "Дайы").
    await kiosk.open(env.kiosk!.url, 'kk');
    await waitForAppEvent(page, 'content-applied');
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
