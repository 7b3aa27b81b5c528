import { expect, type Locator, type Page } from '@playwright/test';
import { waitForAppEvent } from './kiosk-page.js';

/** The draft-law screens: list, reader, comment, what changed, and the library presentation. */
export class LawsPage {
  constructor(readonly page: Page) {}

  list(): Locator {
    return this.page.getByTestId('screen-laws');
  }

  card(lawId: string): Locator {
    return this.page.getByTestId(`law-${lawId}`);
  }

  /** From the list: open a law and wait until its reader (or presentation) has rendered. */
  async openLaw(lawId: string): Promise<void> {
    await expect(this.list()).toBeVisible();
    await this.card(lawId).click();
    await expect(this.page.getByTestId('screen-law')).toHaveAttribute('data-law-id', lawId);
  }

  article(n: number): Locator {
    return this.page.getByTestId(`article-${n}`);
  }

  /** Jump to an article by typing its number, as a citizen does with the numeric keypad. */
  async goToArticle(n: number): Promise<void> {
    await this.page.getByTestId('law-goto-input').fill(String(n));
    await this.page.getByTestId('law-goto').click();
    await waitForAppEvent(this.page, 'law-jump', { article: String(n) });
    await expect(this.article(n)).toBeInViewport();
  }

  async jumpFromContents(n: number): Promise<void> {
    await this.page.getByTestId('law-toc-toggle').click();
    await this.page.getByTestId(`toc-article-${n}`).click();
    await expect(this.article(n)).toBeInViewport();
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('law-search').fill(text);
  }

  searchCount(): Locator {
    return this.page.getByTestId('law-search-count');
  }

  /** The for / against / neutral count shown beside an article (its `data-count`). */
  countLocator(article: number, stance: 'for' | 'against' | 'neutral'): Locator {
    return this.article(article).getByTestId(`article-${article}-counts`).locator(`[data-stance="${stance}"]`);
  }

  async commentOnArticle(n: number): Promise<void> {
    await this.article(n).getByTestId(`comment-article-${n}`).click();
    await expect(this.page.getByTestId('screen-law-comment')).toBeVisible();
  }

  /** Fills the comment form and sends it. */
  async comment(opts: { stance: 'for' | 'against' | 'neutral'; text: string; name?: string; contact?: string }) {
    await this.page.getByTestId(`comment-stance-${opts.stance}`).click();
    await this.page.getByTestId('comment-text').fill(opts.text);
    if (opts.name) await this.page.getByTestId('comment-name').fill(opts.name);
    if (opts.contact) await this.page.getByTestId('comment-contact').fill(opts.contact);
    await this.page.getByTestId('comment-submit').click();
  }

  // Library presentation.
  presentationCount(): Locator {
    return this.page.getByTestId('presentation-count');
  }

  async nextPage(): Promise<void> {
    await this.page.getByTestId('presentation-next').click();
  }

  async previousPage(): Promise<void> {
    await this.page.getByTestId('presentation-previous').click();
  }

  async print(): Promise<void> {
    await this.page.getByTestId('presentation-print').click();
  }

  printState(): Locator {
    return this.page.getByTestId('presentation-print-state');
  }
}
