import { expect, test } from '@playwright/test';
import { KioskPage, waitForAppEvent } from './pages/kiosk-page.js';
import { LawsPage } from './pages/laws-page.js';
import { KioskEnvironment } from './support/kiosk-env.js';

/** 08:33 UTC: 16:33 in Ulaanbaatar, 15:33 in Ölgii (Hovd time, UTC+7). */
const AT = new Date('2026-11-26T08:33:00Z');

let env: KioskEnvironment;
test.beforeEach(() => {
  env = new KioskEnvironment();
});
test.afterEach(async () => {
  await env.stop();
});

test('in Kazakh at Ölgii: Hovd time in the header, a Mongolian-only law said so, staff words for assisted mode', async ({
  page,
}) => {
  await env.start(); // the example kiosk: Bayan-Ölgii (83), Ölgii soum
  await page.clock.setFixedTime(AT);
  const kiosk = new KioskPage(page);
  await kiosk.open(env.kiosk!.url, 'kk');
  await waitForAppEvent(page, 'content-applied');
  await expect(kiosk.networkStatus()).toContainText('Соңғы жаңарту: 2026.11.26 15:33');
  await expect(kiosk.networkStatus()).not.toContainText('16:33');

  await kiosk.openTile('laws');
  const laws = new LawsPage(page);
  await laws.openLaw('pasture-law');
  await expect(page.getByTestId('law-mongolian-only')).toHaveText(/^Бұл заң жобасы тек моңғол тілінде бар\./u);
  // The interface's own words stay Kazakh around the Mongolian text.
  await expect(page.getByTestId('law-toc-toggle')).toHaveText('Мазмұны');
  await expect(page.locator('.law-paragraph p').first()).toHaveAttribute('lang', 'mn');
  // A law written in Kazakh has no such note.
  await page.getByTestId('nav-back').click();
  await laws.openLaw('digital-services-law');
  await expect(page.getByTestId('law-mongolian-only')).toHaveCount(0);

  await kiosk.openTile('help');
  await expect(page.getByTestId('assisted-open')).toHaveText('Қызметкерге: көмек режимі');

  // The pasture law's last comment day ends at 24:00 in Ulaanbaatar: 23:00 in Ölgii. (The demo's
  // windows are seeded relative to today, so the day is read off the screen.)
  await kiosk.openTile('laws');
  await laws.openLaw('pasture-law');
  const [, y, m, d] = /(\d{4})\.(\d{2})\.(\d{2})/u.exec((await page.getByTestId('law-window').textContent()) ?? '')!;
  await page.clock.setFixedTime(new Date(`${y}-${m}-${d}T08:33:00Z`));
  await kiosk.openTile('laws');
  await laws.openLaw('pasture-law');
  await expect(page.getByTestId('law-window')).toContainText('Жабылу уақыты — бүгін сағат 23:00.');
});

test('in English at a kiosk on Ulaanbaatar time: 16:33 in the header, the Mongolian-only note in English', async ({
  page,
}) => {
  const example = { aimag: '45', soum: '4501', location: { mn: 'Дархан сум', en: 'Darkhan soum' } };
  await env.start({ config: { place: example } });
  await page.clock.setFixedTime(AT);
  const kiosk = new KioskPage(page);
  await kiosk.open(env.kiosk!.url, 'en');
  await waitForAppEvent(page, 'content-applied');
  await expect(kiosk.networkStatus()).toContainText('Last updated: 26 Nov 2026 16:33');
  await kiosk.openTile('laws');
  await new LawsPage(page).openLaw('petitions-law');
  await expect(page.getByTestId('law-mongolian-only')).toContainText('This draft law exists only in Mongolian.');
  await kiosk.openTile('help');
  await expect(page.getByTestId('assisted-open')).toHaveText('Staff only: assisted mode');
  await kiosk.openTile('laws');
  await new LawsPage(page).openLaw('pasture-law');
  const lastDay = /Last day: (\d{1,2} \w{3} \d{4})/u.exec(
    (await page.getByTestId('law-window').textContent()) ?? '',
  )![1];
  await page.clock.setFixedTime(new Date(`${lastDay} 08:33 UTC`));
  await kiosk.openTile('laws');
  await new LawsPage(page).openLaw('pasture-law');
  await expect(page.getByTestId('law-window')).toContainText('Comments close tonight at 24:00.');
});
