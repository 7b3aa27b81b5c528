import { expect, type Page } from '@playwright/test';

/** «Өргөдөл, гомдлын шийдвэрлэлт»: the public petition report, reached from the help screen. */
export class PetitionReportPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('nav-home').click();
    await this.page.getByTestId('tile-help').click();
    await this.page.getByTestId('open-petition-report').click();
    await expect(this.page.getByTestId('screen-petition-report')).toBeVisible();
  }

  heading() {
    return this.page.getByTestId('screen-petition-report').getByRole('heading', { level: 1 });
  }

  sentence() {
    return this.page.getByTestId('report-sentence');
  }

  chart() {
    return this.page.getByTestId('report-chart');
  }

  /** The chart, drawn by Chart.js (bundled with the kiosk). */
  async expectChartDrawn(): Promise<void> {
    await expect(this.chart()).toHaveAttribute('data-chart-ready', 'true');
  }

  async showTable(): Promise<void> {
    await this.page.getByTestId('report-toggle-table').click();
    await expect(this.page.getByTestId('report-table')).toBeVisible();
  }

  /** The cells of one aimag's row (or `national`), as shown. */
  async row(key: string): Promise<string[]> {
    return this.page.getByTestId(`report-row-${key}`).locator('th, td').allInnerTexts();
  }
}
