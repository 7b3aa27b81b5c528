import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { seal } from '../../src-renderer/platform/seal.js';
import { isoDateInMongolia } from '../../src-shared/format.js';
import { editJson, fixtureFiles, lineOf, zipFolder } from '../unit/server/publication-zips.js';
import { ConsoleEnvironment, DESKTOP, expectAccessible, screenshot, signIn } from './support/console-env.js';
import { REPO_ROOT } from './support/processes.js';

const env = new ConsoleEnvironment();
test.use({ viewport: DESKTOP });
test.beforeAll(async () => {
  await env.start();
  env.addOperator('admin', 'admin');
  env.addOperator('publisher', 'publisher');
  await seedPetitions(env.dataDir);
});
test.afterAll(async () => {
  await env.stop();
});

const DAY = 86_400_000;

/**
 * Petitions as months of kiosks and operators would leave them, written into the server's
 * database: Arkhangai (65) one answered on time and one late; Bayan-Ölgii (83) two on time and
 * one open past its due date. Whole country: 5 received, 3 of 5 on time (60%).
 */
async function seedPetitions(dataDir: string): Promise<void> {
  // Sealed as a kiosk seals them, to the demo server's key: the case page opens them in memory.
  const { submissionPublicKey } = JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'kiosk-config', 'example.json'), 'utf8'),
  ) as { submissionPublicKey: string };
  const bodies: string[] = [];
  for (let i = 1; i <= 5; i++) {
    const n = String(i).padStart(6, '0');
    const sealed = await seal(
      {
        subject: 'Иргэний үнэмлэхний хаягийн алдаа',
        text: `Миний иргэний үнэмлэх дээрх хаяг буруу бичигдсэн (${i}). Засаж өгнө үү.`,
        contact: { name: 'Бат-Эрдэнэ Сүхбаатар', phone: '99112233' },
      },
      { idempotencyKey: `00000000-0000-4000-8000-${n.padStart(12, '0')}`, trackingNo: `9999-${n}-0` },
      submissionPublicKey,
    );
    bodies.push(JSON.stringify({ sealed }));
  }
  const db = new Database(path.join(dataDir, 'tsonkh.sqlite'));
  try {
    const now = Date.now();
    const iso = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
    const day = (daysAgo: number) => isoDateInMongolia(new Date(now - daysAgo * DAY));
    const kiosk = db.prepare(
      `insert into kiosks (kiosk_code, credential_hash, name, created_at, aimag_code, soum_code)
       values (?, ?, ?, ?, ?, ?) returning id`,
    );
    const arkhangai = (kiosk.get('6501', 'x6501', '{"mn":"Архангай"}', iso(400), '65', '6501') as { id: number }).id;
    const olgii = (kiosk.get('8302', 'x8302', '{"mn":"Өлгий"}', iso(400), '83', '8301') as { id: number }).id;
    const petition = db.prepare(
      `insert into submissions (idempotency_key, body_hash, kiosk_id, tracking_no, kind, channel, lang, created_at,
         petition_category, body, status, status_at, due_date, initial_due_date, received_at)
       values (?, ?, ?, ?, 'petition', 'kiosk', 'mn', ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const rows: Array<[number, string, number, string, number, number]> = [
      [arkhangai, 'complaint', 20, 'answered', 15, -10],
      [arkhangai, 'petition', 60, 'answered', 25, 30],
      [olgii, 'complaint', 40, 'answered', 35, 10],
      [olgii, 'suggestion', 45, 'resolved', 30, 15],
      [olgii, 'complaint', 50, 'in_progress', 50, 20],
    ];
    rows.forEach(([kioskId, category, received, status, closed, due], i) => {
      const n = String(i + 1).padStart(6, '0');
      petition.run(
        `00000000-0000-4000-8000-${n.padStart(12, '0')}`,
        `hash-${n}`,
        kioskId,
        `9999-${n}-0`,
        iso(received),
        category,
        bodies[i],
        status,
        iso(closed),
        day(due),
        day(due),
        iso(received),
      );
    });
  } finally {
    db.close();
  }
}

test('publish a zip with a mistake (named by file and line), then a good one: preview, note, history, again', async ({
  page,
}) => {
  const demo = path.join(REPO_ROOT, 'assets', 'demo-content');
  const broken = fixtureFiles(demo);
  let brokenId = '';
  editJson<Array<Record<string, unknown>>>(broken, 'services.json', (s) => {
    brokenId = String(s[1]!.id);
    delete s[1]!.title;
  });
  const good = fixtureFiles(demo);
  editJson<Array<{ title: { mn: string } }>>(good, 'services.json', (s) => {
    s[0]!.title.mn = `${s[0]!.title.mn} (шинэчилсэн)`;
  });

  await signIn(page, env.url, 'publisher');
  await expect(page.getByRole('navigation').getByRole('link')).toHaveText(['Нийтлэл']);
  await page.getByRole('navigation').getByRole('link', { name: 'Нийтлэл' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Агуулга нийтлэх');

  await page.getByLabel('Агуулгын хавтас (.zip)').setInputFiles({
    name: 'content-broken.zip',
    mimeType: 'application/zip',
    buffer: zipFolder(broken),
  });
  await page.getByRole('button', { name: 'Шалгах' }).click();
  const problems = page.getByTestId('publish-problems');
  await expect(problems).toContainText('Алдаа олдлоо');
  const row = problems.locator('tbody tr').first();
  await expect(row).toContainText('services.json');
  // The line of the service that has no title: its opening brace, just above its id.
  await expect(row.locator('td').first()).toHaveText(String(lineOf(broken, 'services.json', `"${brokenId}"`) - 1));
  await expect(row).toContainText('title');
  await expectAccessible(page, 'publishing problems');
  await screenshot(page, 'publishing-problems');

  const upload = async (name: string, files: ReturnType<typeof fixtureFiles>) => {
    await page.getByLabel('Агуулгын хавтас (.zip)').setInputFiles({
      name,
      mimeType: 'application/zip',
      buffer: zipFolder(files),
    });
    await page.getByRole('button', { name: 'Шалгах' }).click();
  };
  const preview = page.getByTestId('publish-preview');
  const history = page.getByTestId('publish-history');
  const rows = history.locator('tbody tr');
  const publish = async (note: string) => {
    await page.getByLabel('Өөрчлөлтийн тайлбар (түүхэнд хадгалагдана)').fill(note);
    await page.getByRole('button', { name: 'Нийтлэх', exact: true }).click();
    await expect(page.getByTestId('publish-message')).toContainText('нийтлэл амжилттай');
    await expect(rows.first()).toContainText(note);
  };

  await upload('content.zip', good);
  await expect(preview.getByRole('heading')).toContainText('өөрчлөгдөх');
  await expect(preview).toContainText('(шинэчилсэн)');
  await expectAccessible(page, 'publishing preview');
  await screenshot(page, 'publishing-preview');
  await publish('Үйлчилгээний нэрийг шинэчилсэн');
  await expect(rows.first()).toContainText('publisher');

  const later = fixtureFiles(demo);
  editJson<Array<{ title: { mn: string } }>>(later, 'services.json', (s) => {
    s[0]!.title.mn = `${s[0]!.title.mn} (дахин)`;
  });
  await upload('content-2.zip', later);
  await expect(preview.getByRole('heading')).toContainText('1 өөрчлөгдөх');
  await publish('Дахин шинэчилсэн');

  // "Publish again as it was": the first publication comes back through a preview and a note.
  const first = rows.nth(1);
  const firstId = (await first.locator('th').textContent())!.trim();
  await first.getByRole('button', { name: `№${firstId}-г дахин нийтлэх` }).click();
  await expect(preview.getByRole('heading')).toContainText('1 өөрчлөгдөх');
  await expect(preview).toContainText('(шинэчилсэн)');
  await publish(`№${firstId}-г сэргээв`);
  await expect(rows).toHaveCount(3);
  await expectAccessible(page, 'publishing history');
  await screenshot(page, 'publishing');
});

test('the 11-11 report: figures, charts with a sentence, the same numbers as a table, CSV per table', async ({
  page,
}) => {
  await signIn(page, env.url, 'admin');
  await page.getByRole('navigation').getByRole('link', { name: 'Тайлан' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('11-11 тайлан');
  const summary = page.getByTestId('report-summary');
  await expect(summary).toContainText('5Нийт');
  await expect(summary).toContainText('60%');
  const byAimag = page.getByTestId('report-by-aimag');
  await expect(byAimag.getByTestId('report-by-aimag-sentence')).toContainText('Нийт 5 өргөдлийн 60% хугацаандаа');
  await expect(byAimag.getByTestId('report-by-aimag-sentence')).toContainText('Баян-Өлгий (66.7%)');
  await expect(byAimag.getByTestId('report-by-aimag-chart')).toHaveAttribute('data-chart-ready', 'true');
  await expectAccessible(page, 'report');
  await screenshot(page, 'report');

  await byAimag.getByRole('button', { name: 'Хүснэгтээр харуулах' }).click();
  const table = byAimag.getByRole('table');
  await expect(table.getByRole('row', { name: /Архангай/ })).toContainText('50%');
  await expect(table.getByRole('row', { name: /Баян-Өлгий/ })).toContainText('66.7%');
  await expectAccessible(page, 'report as tables');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    byAimag.getByRole('link', { name: 'CSV татах' }).click(),
  ]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.startsWith('\uFEFF')).toBe(true);
  expect(csv).toContain('65');
  expect(csv).toContain('83');
});

test('find an overdue petition by filters; forward, extend and answer it; the kiosks page', async ({ page }) => {
  await signIn(page, env.url, 'admin');
  await page.getByRole('navigation').getByRole('link', { name: 'Кейсүүд' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Кейсүүд');
  await expect(page.getByTestId('cases-total')).toBeVisible();
  await page.getByLabel('Төрөл', { exact: true }).selectOption('petition');
  await page.getByLabel('Аймаг', { exact: true }).selectOption('83');
  await page.getByLabel('Зөвхөн хугацаа хэтэрсэн').check();
  await page.getByRole('button', { name: 'Шүүх' }).click();
  await expect(page).toHaveURL(/overdue=true/);
  await expect(page.getByTestId('cases-total')).toHaveText('Нийт: 1');
  const row = page.getByTestId('case-row-9999-000005-0');
  await expect(row).toHaveClass(/overdue/);
  await expect(row).toContainText('Хугацаа хэтэрсэн');
  await expectAccessible(page, 'cases');
  await screenshot(page, 'cases');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cases-csv').click()]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.startsWith('\uFEFF')).toBe(true);
  expect(csv.trim().split('\r\n')).toHaveLength(2);
  expect(csv).toContain('9999-000005-0');

  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Гомдол 9999-000005-0');
  await expect(page.getByTestId('citizen-text')).toHaveText(
    'Миний иргэний үнэмлэх дээрх хаяг буруу бичигдсэн (5). Засаж өгнө үү.',
  );
  await page.locator('summary', { hasText: 'Байгууллагад шилжүүлэх' }).click();
  await page.getByLabel('Аль байгууллагад').selectOption('state-registration');
  await page.getByRole('button', { name: 'Байгууллагад шилжүүлэх', exact: true }).click();
  await expect(page.getByTestId('case-message')).toContainText('Хийгдлээ');
  await expect(page.getByTestId('case-timeline')).toContainText('Улсын бүртгэлийн ерөнхий газар');

  await page.locator('summary', { hasText: 'Хугацаа сунгах (нэг удаа, 30 хүртэл хоног)' }).click();
  await page.getByLabel('Хоног', { exact: true }).fill('10');
  await page.getByLabel('Шалтгаан', { exact: true }).fill('Нэмэлт лавлагаа авах шаардлагатай');
  await page.getByRole('button', { name: 'Хугацаа сунгах (нэг удаа, 30 хүртэл хоног)' }).click();
  await expect(page.getByTestId('case-timeline')).toContainText('Нэмэлт лавлагаа авах шаардлагатай');
  await expect(page.getByTestId('case-facts')).toContainText('Нэг удаа сунгасан');
  // The law's one extension is used: the action is no longer offered.
  await expect(page.locator('summary', { hasText: 'Хугацаа сунгах (нэг удаа, 30 хүртэл хоног)' })).toHaveCount(0);

  await page.locator('summary', { hasText: 'Хариу өгөх' }).click();
  await page
    .getByLabel('Хариуны текст (иргэнд киоскоор очно)')
    .fill('Таны гомдлыг шийдвэрлэж, бүртгэлийг засварлалаа.');
  await page.getByRole('button', { name: 'Хариу өгөх', exact: true }).click();
  await expect(page.getByTestId('case-facts')).toContainText('Хариу өгсөн');
  await expect(page.getByText('Таны гомдлыг шийдвэрлэж, бүртгэлийг засварлалаа.').first()).toBeVisible();
  await expectAccessible(page, 'case');
  await screenshot(page, 'case');

  await page.getByRole('navigation').getByRole('link', { name: 'Киоскууд' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Киоскууд');
  await expect(page.getByTestId('kiosks-table')).toContainText('8302');
  await expectAccessible(page, 'kiosks');
  await screenshot(page, 'kiosks');
  // An administrator makes a one-time enrolment code for a new kiosk: text to type and a QR code.
  const enrol = page.getByTestId('enrolment-code-panel');
  await enrol.getByLabel('Аймгийн код (2 орон)').fill('83');
  await enrol.getByLabel('Сумын код (4 орон)').fill('8301');
  await enrol.getByLabel('Байршил').fill('Сүмбэр сумын ЗДТГ');
  await enrol.getByRole('button', { name: 'Код үүсгэх' }).click();
  await expect(page.getByTestId('enrolment-code')).toContainText(/[0-9A-Z]{4}-[0-9A-Z]{4}/);
  await expect(page.getByTestId('enrolment-code').locator('svg')).toBeVisible();
});
