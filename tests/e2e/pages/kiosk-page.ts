import { expect, type Page } from '@playwright/test';

/** Waits for a named app event (see src-renderer/platform/app-events.ts) instead of sleeping. */
export async function waitForAppEvent(page: Page, name: string, match: Record<string, string> = {}): Promise<void> {
  await page.waitForFunction(
    ([n, m]) =>
      (window.__tsonkh?.events ?? []).some(
        (e) => e.name === n && Object.entries(m).every(([k, v]) => String(e.detail?.[k]) === v),
      ),
    [name, match] as const,
    { timeout: 60_000 },
  );
}

/** The parts of the kiosk that are on every screen: header, language, network state. */
export class KioskPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await waitForAppEvent(this.page, 'ready');
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

  async openService(serviceId: string): Promise<void> {
    await this.page.getByTestId(`service-${serviceId}`).click();
    await expect(this.page.getByTestId('screen-service')).toBeVisible();
  }

  async apply(): Promise<void> {
    await this.page.getByTestId('apply').click();
    await expect(this.page.getByTestId('screen-form')).toBeVisible();
  }
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

  async submit(): Promise<void> {
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
