import { expect, type Locator, type Page } from '@playwright/test';

/** «Ил тод мэдээлэл»: the home tile, its hub, and the budget, contracts and declarations screens. */
export class OpenDataPage {
  constructor(readonly page: Page) {}

  /** Home, the tile, the hub. */
  async openHub(): Promise<void> {
    await this.page.getByTestId('nav-home').click();
    await this.page.getByTestId('tile-openData').click();
    await expect(this.page.getByTestId('screen-open-data')).toBeVisible();
  }

  async openSection(section: 'budget' | 'contracts' | 'declarations'): Promise<void> {
    await this.openHub();
    await this.page.getByTestId(`open-data-section-${section}`).click();
    const screen = section === 'budget' ? 'budget' : section;
    await expect(this.page.getByTestId(`screen-open-data-${screen}`)).toBeVisible();
  }

  heading(): Locator {
    return this.page.locator('main').getByRole('heading', { level: 1 });
  }

  budgetSentence(): Locator {
    return this.page.getByTestId('budget-sentence');
  }

  async showBudgetTable(): Promise<void> {
    await this.page.getByTestId('budget-toggle-table').click();
    await expect(this.page.getByTestId('budget-table-economic')).toBeVisible();
  }

  /** A row of one of the budget's tables, by its first cell, as shown. */
  async budgetRow(table: 'organisation' | 'economic', name: string): Promise<string[]> {
    return this.page
      .getByTestId(`budget-table-${table}`)
      .locator('tr', { has: this.page.locator('th', { hasText: name }) })
      .first()
      .locator('th, td')
      .allInnerTexts();
  }

  async searchContracts(query: string): Promise<void> {
    await this.page.getByTestId('contract-search').fill(query);
  }

  contractResults(): Locator {
    return this.page.getByTestId('contract-result');
  }

  async searchDeclarations(query: string): Promise<void> {
    await this.page.getByTestId('declaration-search').fill(query);
  }

  declarations(): Locator {
    return this.page.getByTestId('declaration');
  }
}
