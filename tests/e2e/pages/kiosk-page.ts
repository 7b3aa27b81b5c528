import { expect, type Page } from '@playwright/test';
import type { AppEventName } from '../../../src-renderer/platform/app-events.js';

/** Waits for a named app event (see src-renderer/platform/app-events.ts) instead of sleeping. */
/** Types a tracking number or receipt secret on the receipt check's keypad (dashes and spaces skipped), then OK. */
export async function typeOnTrackKeypad(page: Page, digits: string): Promise<void> {
  for (const d of digits.replace(/\D/g, '')) await page.getByTestId(`track-key-${d}`).click();
  await page.getByTestId('track-key-ok').click();
}

export async function waitForAppEvent(
  page: Page,
  name: AppEventName,
  match: Record<string, string> = {},
): Promise<void> {
  await page.waitForFunction(
    ([n, m]) =>
      (window.__tsonkh?.events ?? []).some(
        (e) => e.name === n && Object.entries(m).every(([k, v]) => String(e.detail?.[k]) === v),
      ),
    [name, match] as const,
    { timeout: 60_000 },
  );
}

/** Waits until the page emits a named app event `more` more times, counted from now. */
export async function waitForNextAppEvents(page: Page, name: AppEventName, more = 1): Promise<void> {
  const since = await page.evaluate(() => Date.now());
  await page.waitForFunction(
    ([n, s, m]) => (window.__tsonkh?.events ?? []).filter((e) => e.name === n && e.at >= s).length >= m,
    [name, since, more] as const,
    { timeout: 60_000 },
  );
}

/** How many times the page has emitted a named app event so far. */
export function countAppEvents(page: Page, name: AppEventName): Promise<number> {
  return page.evaluate((n) => (window.__tsonkh?.events ?? []).filter((e) => e.name === n).length, name);
}

/** The parts of the kiosk that are on every screen: header, language, network state. */
export class KioskPage {
  constructor(readonly page: Page) {}

  /** Opens the kiosk and starts a visit from the attract screen (in `lang`, or the kiosk's own language). */
  async open(url: string, lang?: 'mn' | 'kk' | 'en'): Promise<void> {
    await this.page.goto(url);
    await waitForAppEvent(this.page, 'ready');
    await this.start(lang);
  }

  async start(lang?: 'mn' | 'kk' | 'en'): Promise<void> {
    const attract = this.page.getByTestId('screen-attract');
    await expect(attract).toBeVisible();
    if (lang) await this.page.getByTestId(`start-${lang}`).click();
    else await attract.click({ position: { x: 40, y: 40 } });
    await expect(this.page.getByTestId('screen-home')).toBeVisible();
  }

  /** Home, then one of its tiles: services, petition, laws, track, help. */
  async openTile(tile: 'services' | 'petition' | 'laws' | 'track' | 'help'): Promise<void> {
    await this.home();
    await this.page.getByTestId(`tile-${tile}`).click();
  }

  networkStatus() {
    return this.page.getByTestId('network-status');
  }

  async expectNetwork(state: 'online' | 'offline'): Promise<void> {
    await expect(this.networkStatus()).toHaveAttribute('data-state', state, { timeout: 30_000 });
  }

  async chooseLanguage(lang: 'mn' | 'kk' | 'en'): Promise<void> {
    await this.page.getByTestId(`lang-${lang}`).click();
  }

  async home(): Promise<void> {
    await this.page.getByTestId('nav-home').click();
  }
}

export class ServicesPage {
  constructor(readonly page: Page) {}

  /** From anywhere: Home → Public services → the category → the service. */
  async openService(serviceId: string, categoryId: string): Promise<void> {
    await this.page.getByTestId('nav-home').click();
    await this.page.getByTestId('tile-services').click();
    await this.page.getByTestId(`category-${categoryId}`).click();
    await this.page.getByTestId(`service-${serviceId}`).click();
    await expect(this.page.getByTestId('screen-service')).toBeVisible();
  }

  async apply(): Promise<void> {
    await this.page.getByTestId('apply').click();
    // The screen is there at once; its fields come when the form schema has been read from IndexedDB.
    await expect(this.page.getByTestId('screen-form').locator('form')).toBeVisible();
  }
}

/** The service most journeys apply for, and answers that pass every check. */
export const MIGRATION = { service: 'migration-registration', category: 'address-and-moving' } as const;

/**
 * The one "apply for a service" step: from anywhere, Home → the service → Apply → the answers →
 * review → consent → send. Returns the tracking number on the receipt screen.
 */
export async function applyForService(
  page: Page,
  answers: Record<string, string>,
  { service, category }: { service: string; category: string } = MIGRATION,
): Promise<string> {
  const services = new ServicesPage(page);
  await services.openService(service, category);
  await services.apply();
  const form = new FormPage(page);
  await form.fill(answers);
  await form.submit();
  return new ReceiptPage(page).trackingNumber();
}

export class FormPage {
  constructor(readonly page: Page) {}

  field(id: string) {
    return this.page.getByTestId(`field-${id}`);
  }

  async fill(values: Record<string, string>): Promise<void> {
    for (const [id, value] of Object.entries(values)) {
      const input = this.field(id);
      const tag = await input.evaluate((el) => el.tagName);
      if (tag === 'SELECT') await input.selectOption(value);
      else await input.fill(value);
    }
  }

  /**
   * Goes to the review step; when the answers are valid, agrees to the use of personal data
   * and sends. When they are not, stays on the form with its messages shown.
   */
  async submit(): Promise<void> {
    await this.page.getByTestId('to-review').click();
    const review = this.page.getByTestId('review');
    const summary = this.page.getByTestId('form-summary');
    await expect(review.or(summary)).toBeVisible();
    if (await review.isVisible()) await this.confirm();
  }

  async confirm(): Promise<void> {
    await this.page.getByTestId('consent').check();
    await this.page.getByTestId('submit').click();
  }

  message(id: string) {
    return this.page.getByTestId(`field-${id}-message`);
  }
}

export class ReceiptPage {
  constructor(readonly page: Page) {}

  async trackingNumber(): Promise<string> {
    await expect(this.page.getByTestId('screen-receipt')).toBeVisible();
    return (await this.page.getByTestId('tracking-number').innerText()).trim();
  }

  printState() {
    return this.page.getByTestId('print-state');
  }

  deliveryState() {
    return this.page.getByTestId('delivery-state');
  }
}
