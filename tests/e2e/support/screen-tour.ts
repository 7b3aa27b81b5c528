import { expect, type Page } from '@playwright/test';
import { FormPage, KioskPage, ServicesPage, waitForAppEvent } from '../pages/kiosk-page.js';
import { LawsPage } from '../pages/laws-page.js';

export type Lang = 'mn' | 'kk' | 'en';

/**
 * Walks a visitor through every screen of the kiosk in one language, calling `visit` on each
 * (for screenshots, axe and touch-target checks): attract, home, services, a form with its
 * errors, the keyboard, review, receipt, petition, draft laws, receipt check, help, text size,
 * assisted mode's PIN pad and the idle warning.
 */
export async function tourScreens(page: Page, url: string, lang: Lang, visit: (name: string) => Promise<void>) {
  const kiosk = new KioskPage(page);
  await page.goto(url);
  await waitForAppEvent(page, 'ready');
  await waitForAppEvent(page, 'content-applied');
  await expect(page.getByTestId('screen-attract')).toBeVisible();
  await visit('01-attract');
  await page.getByTestId(`start-${lang}`).click();
  await expect(page.getByTestId('screen-home')).toBeVisible();
  await visit('02-home');

  await page.getByTestId('tile-services').click();
  await expect(page.getByTestId('category-address-and-moving')).toBeVisible();
  await visit('03-service-categories');
  await page.getByTestId('category-address-and-moving').click();
  await visit('04-service-list');
  const services = new ServicesPage(page);
  await page.getByTestId('service-migration-registration').click();
  await expect(page.getByTestId('screen-service')).toBeVisible();
  await visit('05-service');
  await services.apply();
  const form = new FormPage(page);
  await form.field('registrationNumber').click();
  await expect(page.getByTestId('keyboard')).toBeVisible();
  await visit('06-form-keyboard');
  await form.fill({ registrationNumber: 'УБ9913', phone: '99112233' });
  await page.getByTestId('to-review').click();
  await expect(page.getByTestId('form-summary')).toBeVisible();
  await visit('07-form-errors');
  await form.fill({ registrationNumber: 'УБ99032112', moveType: 'within-aimag', newAddress: 'Өлгий сум, 3-р баг' });
  await page.getByTestId('to-review').click();
  await expect(page.getByTestId('review')).toBeVisible();
  await visit('08-review');
  await form.confirm();
  await expect(page.getByTestId('screen-receipt')).toBeVisible();
  await waitForAppEvent(page, 'receipt-printed');
  await visit('09-receipt');
  await page.getByTestId('receipt-done').click();
  await expect(page.getByTestId('screen-attract')).toBeVisible();
  await page.getByTestId(`start-${lang}`).click();

  await kiosk.openTile('petition');
  await expect(page.getByTestId('screen-petition')).toBeVisible();
  await visit('10-petition-category');
  await page.getByTestId('petition-category-complaint').click();
  await page.getByTestId('next').click();
  await page.getByTestId('petition-subject').fill('Худгийн ус');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('petition-text-message')).toBeVisible();
  await visit('11-petition-errors');
  await page.getByTestId('petition-text').fill('Манай багийн худаг хоёр сар эвдэрхий байна. Засаж өгөхийг хүсье.');
  await page.getByTestId('next').click();
  await visit('12-petition-contact');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('review')).toBeVisible();
  await visit('13-petition-review');

  await kiosk.openTile('laws');
  const laws = new LawsPage(page);
  await expect(laws.list()).toBeVisible();
  await visit('14-laws');
  await laws.openLaw('petitions-law');
  await laws.goToArticle(12);
  await visit('14b-law-reader');
  await laws.commentOnArticle(12);
  await visit('14c-law-comment');

  await kiosk.openTile('track');
  await expect(page.getByTestId('screen-track')).toBeVisible();
  await visit('15-track');

  await kiosk.openTile('help');
  await expect(page.getByTestId('screen-help')).toBeVisible();
  await visit('16-help');
  await page.getByTestId('assisted-open').click();
  await expect(page.getByTestId('screen-assisted-pin')).toBeVisible();
  await visit('17-assisted-pin');

  await kiosk.home();
  await page.getByTestId('display-toggle').click();
  await page.getByTestId('text-scale-150').click();
  await page.getByTestId('high-contrast').click();
  await expect(page.getByTestId('display-panel')).toBeVisible();
  await visit('18-display-contrast-150');
  await page.getByTestId('text-scale-100').click();
  await page.getByTestId('high-contrast').click();
  await page.getByTestId('display-close').click();

  // The idle warning, brought forward with the page clock instead of waiting a minute and a half.
  await page.clock.fastForward('01:35');
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  await visit('19-idle-warning');
  await page.getByTestId('idle-more-time').click();
}
