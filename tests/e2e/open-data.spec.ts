import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KioskPage, waitForAppEvent } from './pages/kiosk-page.js';
import { OpenDataPage } from './pages/open-data-page.js';
import { axeProblems, overflowProblems, smallTargets } from './support/a11y.js';
import { expect, test } from './support/fixtures.js';

// The demo open data on the server (worlds leave it out unless they show it).
test.use({ world: { openData: true } });

/**
 * «Ил тод мэдээлэл» (issue 19) at the example kiosk: the Citizens' Chamber of Ölgii soum (8301),
 * Bayan-Ölgii aimag (83), whose server in demo mode publishes the demo open data
 * (assets/demo-open-data/83). The kiosk pulls its aimag's records after the content.
 */

test('a citizen in Ölgii, in Kazakh, sees the soum budget, finds a contract and its payments, and an official’s declaration', async ({
  page,
  env,
}) => {
  test.setTimeout(120_000);
  const kiosk = new KioskPage(page);
  await kiosk.open(env.kiosk!.url, 'kk');
  await waitForAppEvent(page, 'open-data-applied');
  const open = new OpenDataPage(page);

  await open.openHub();
  await expect(page.getByTestId('open-data-section-budget')).toContainText('Ақшамыз қайда жұмсалады');

  // The soum's budget: Ölgii soum's 2026 lines, 5,306.4 million approved, 3,436.4 million spent (65 %).
  await page.getByTestId('open-data-section-budget').click();
  await expect(open.heading()).toHaveText('Ақшамыз қайда жұмсалады');
  await expect(open.budgetSentence()).toHaveText(
    /^Сұмның 2026 жылғы 5[,.]3 миллиард ₮ бюджетінің 65 пайызы, яғни 3[,.]4 миллиард ₮ жұмсалды\.$/,
  );
  await expect(page.getByTestId('budget-chart-economic-row')).toHaveCount(10);
  await expect(page.getByTestId('budget-chart-organisation')).toContainText('Өлгий сумын ЗДТГ');
  await expect(page.getByTestId('open-data-source').first()).toContainText('Дереккөз: https://');
  await expect(page.getByTestId('open-data-source').first()).toContainText(/Дерек алынған күн: \d{4}\.\d{2}\.\d{2}/);
  await open.showBudgetTable();
  // Kazakh groups digits with a no-break space where the browser has Kazakh number data, else with commas.
  const salaries = await open.budgetRow('economic', 'Цалин хөлс');
  expect(salaries[0]).toBe('Цалин хөлс');
  expect(salaries[1]).toMatch(/^1[\s,]776[\s,]200[\s,]000₮$/);
  expect(salaries[2]).toMatch(/^1[\s,]010[\s,]100[\s,]000₮$/);
  expect(salaries[3]).toBe('57%');
  // The Transparent Account's payments above 5,000,000 ₮ of the soum, with their source.
  await expect(page.getByTestId('payment').first()).toBeVisible();
  await expect(page.getByTestId('payments-source')).toContainText('Дереккөз');
  await page.getByTestId('open-data-print').click();
  await waitForAppEvent(page, 'open-data-printed', { section: 'budget' });
  await expect(page.getByTestId('open-data-print-status')).toHaveText('Басылып шықты. Қағазыңызды алыңыз.');
  // On the roll: the budget's summary, with a QR code to the source its figures were taken from.
  const captured = env.capturedReceipts();
  expect(captured).toHaveLength(1);
  const record = JSON.parse(
    readFileSync(path.join(env.receiptsDir, captured[0]!.file.replace(/\.bin$/, '.json')), 'utf8'),
  ) as { title: string; url: string };
  expect(record).toMatchObject({ title: 'Бюджеттің орындалуы', url: expect.stringMatching(/^https:\/\//) });

  // A contract: the culture centre's insulation in Ölgii, found by a word of its title and its supplier.
  await open.openSection('contracts');
  await expect(open.contractResults().first()).toBeVisible();
  await open.searchContracts('дулаалга Хөх Сэрх');
  await expect(open.contractResults()).toHaveCount(1);
  await expect(open.contractResults()).toContainText('Соёлын төвийн дулаалга (Өлгий)');
  await open.contractResults().click();
  await expect(page.getByTestId('screen-open-data-contract')).toBeVisible();
  await expect(open.heading()).toHaveText('Соёлын төвийн дулаалга (Өлгий)');
  await expect(page.getByTestId('contract-step-tender')).toContainText('Тендер жарияланды');
  await expect(page.getByTestId('contract-step-contract')).toContainText(/1[\s,]290[\s,]000[\s,]000₮/);
  await expect(page.getByTestId('contract-step-payment')).toHaveCount(2);
  await expect(page.getByTestId('contract-paid-sentence')).toContainText('Келісімшарт сомасы');
  await expect(page.getByTestId('open-data-source')).toContainText('Дереккөз');
  // Back to the list: the search is still there.
  await page.getByTestId('nav-back').click();
  await expect(page.getByTestId('contract-search')).toHaveValue('дулаалга Хөх Сэрх');

  // An official's declaration, by name: the public fields only, never the registration number or address.
  await open.openSection('declarations');
  await expect(page.getByTestId('declaration-count')).toHaveText(
    'Аты немесе мекеме атауынан кемінде екі әріп жазыңыз.',
  );
  await open.searchDeclarations('Ержан аймгийн');
  const first = open.declarations().filter({ hasText: 'Ж. Ержан' });
  await expect(first).toHaveCount(1);
  await expect(first).toContainText('Тамгын газрын дарга, Баян-Өлгий аймгийн ЗДТГ');
  await expect(first).toContainText(/Жылдық табысы\s*46[\s,]821[\s,]000₮/);
  await expect(first).toContainText('2025 жылғы мәлімдеме');
  await expect(first.getByTestId('open-data-source')).toContainText('Дереккөз');
  await expect(page.getByTestId('screen-open-data-declarations')).not.toContainText('ЖШ');
  await expect(page.getByTestId('screen-open-data-declarations')).not.toContainText('-р баг');
});

test('the open-data screens pass axe, keep 48 px targets and fit at 200 % text in high contrast, in both orientations', async ({
  page,
  env,
}) => {
  test.setTimeout(300_000);
  const kiosk = new KioskPage(page);
  const open = new OpenDataPage(page);
  const problems = async (name: string) => [
    ...(await axeProblems(page, name)),
    ...(await smallTargets(page, name)),
    ...(await overflowProblems(page, name)),
  ];
  await kiosk.open(env.kiosk!.url, 'mn');
  await waitForAppEvent(page, 'open-data-applied');
  const found: string[] = [];
  const tour = async (tag: string) => {
    await open.openHub();
    found.push(...(await problems(`${tag} hub`)));
    await open.openSection('budget');
    await expect(open.budgetSentence()).toBeVisible();
    found.push(...(await problems(`${tag} budget chart`)));
    await open.showBudgetTable();
    found.push(...(await problems(`${tag} budget table`)));
    await page.getByTestId('budget-scope-aimag').click();
    await expect(page.getByTestId('screen-open-data-budget')).toHaveAttribute('data-scope', 'aimag');
    found.push(...(await problems(`${tag} aimag budget`)));
    await open.openSection('contracts');
    await open.searchContracts('дулаалга');
    await open.contractResults().first().click();
    await expect(page.getByTestId('contract-story')).toBeVisible();
    found.push(...(await problems(`${tag} contract`)));
    await open.openSection('declarations');
    await open.searchDeclarations('Айгүл');
    await expect(open.declarations().first()).toBeVisible();
    found.push(...(await problems(`${tag} declarations`)));
  };
  await page.setViewportSize({ width: 1920, height: 1080 });
  await tour('normal');
  await page.getByTestId('display-toggle').click();
  await page.getByTestId('text-scale-200').click();
  await page.getByTestId('high-contrast').click();
  await page.getByTestId('display-close').click();
  await expect(page.locator('html')).toHaveAttribute('data-text-scale', '200');
  for (const size of [
    { width: 1080, height: 1920 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(size);
    await tour(`200% contrast ${size.width}×${size.height}`);
  }
  expect(found).toEqual([]);
});
