import path from 'node:path';
import Database from 'better-sqlite3';
import { isoDateInMongolia } from '../../src-shared/format.js';
import { KioskPage, waitForAppEvent } from './pages/kiosk-page.js';
import { PetitionReportPage } from './pages/report-page.js';
import { axeProblems, overflowProblems, smallTargets } from './support/a11y.js';
import { expect, test } from './support/fixtures.js';
import type { KioskEnvironment } from './support/kiosk-env.js';

const DAY = 86_400_000;

/**
 * Petitions as the server holds them, written straight into its database (what months of kiosks
 * and operators would have made): two kiosks, in Arkhangai (65) and Bayan-Ölgii (83).
 * 65: one answered on time, one answered late → 1 of 2 on time, 50%.
 * 83: two answered on time, one open past its due date → 2 of 3, 66.7%.
 * Whole country: 5 received, 3 of 5 on time, 60%.
 */
function seedPetitions(dataDir: string): void {
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
       values (?, ?, ?, ?, 'petition', 'kiosk', 'mn', ?, 'complaint', '{}', ?, ?, ?, ?, ?)`,
    );
    const rows: Array<[number, number, string, number, number]> = [
      // kiosk, received (days ago), status, closed (days ago), due (days ago; negative = ahead)
      [arkhangai, 20, 'answered', 15, -10],
      [arkhangai, 60, 'answered', 25, 30],
      [olgii, 40, 'answered', 35, 10],
      [olgii, 45, 'resolved', 30, 15],
      [olgii, 50, 'in_progress', 50, 20],
    ];
    rows.forEach(([kioskId, received, status, closed, due], i) => {
      const n = String(i + 1).padStart(6, '0');
      petition.run(
        `00000000-0000-4000-8000-${n.padStart(12, '0')}`,
        `hash-${n}`,
        kioskId,
        `9999-${n}-0`,
        iso(received),
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

/** What the console's button does, from the command line: publish the public report now. */
async function publishReport(env: KioskEnvironment): Promise<string> {
  const r = await env.runCli('src-server/cli/publish-report.ts');
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

test('the kiosk shows how the government answered petitions: a sentence, a chart and the same numbers as a table, in Mongolian and Kazakh', async ({
  page,
  env,
}) => {
  seedPetitions(env.dataDir);
  expect(await publishReport(env)).toContain('5 petitions, 2 aimags, on time 60%');

  const kiosk = new KioskPage(page);
  await kiosk.open(env.kiosk!.url);
  await waitForAppEvent(page, 'content-applied');
  const report = new PetitionReportPage(page);
  await report.open();

  await expect(report.heading()).toHaveText('Өргөдөл, гомдлын шийдвэрлэлт');
  await expect(report.sentence()).toContainText('ирсэн 5 өргөдөл, гомдлын 60% нь хугацаандаа шийдвэрлэгдсэн');
  await expect(report.sentence()).toContainText('хамгийн сайн нь Баян-Өлгий (66.7%)');
  await report.expectChartDrawn();
  await expect(report.chart()).toHaveAttribute('aria-label', /60%/);

  // WCAG 2.2 AA, touch targets and nothing spilling off the screen, with the chart and with the table.
  const problems = async (name: string) => [
    ...(await axeProblems(page, name)),
    ...(await smallTargets(page, name)),
    ...(await overflowProblems(page, name)),
  ];
  expect(await problems('report-chart')).toEqual([]);
  await report.showTable();
  expect(await problems('report-table')).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('report-table-mn.png') });
  // Aimag, received, answered, on time, overdue, share on time: the chart's numbers.
  expect(await report.row('83')).toEqual(['Баян-Өлгий', '3', '2', '2', '1', '66.7%']);
  expect(await report.row('65')).toEqual(['Архангай', '2', '2', '1', '0', '50%']);
  expect(await report.row('national')).toEqual(['Улсын хэмжээнд', '5', '4', '3', '1', '60%']);

  await kiosk.chooseLanguage('kk');
  await expect(report.heading()).toHaveText('Өтініштер мен шағымдардың шешілуі');
  await expect(report.sentence()).toContainText('түскен 5 өтініш пен шағымның 60% уақытында шешілді');
  // The decimal sign is the browser's for kk-KZ (a comma where its ICU has Kazakh data).
  await expect(report.sentence()).toContainText(/Баян-Өлгий \(66[.,]7%\)/);
  const olgii = await report.row('83');
  expect(olgii.slice(0, 5)).toEqual(['Баян-Өлгий', '3', '2', '2', '1']);
  expect(olgii[5]).toMatch(/^66[.,]7%$/);
  await expect(page.getByTestId('report-table').locator('thead')).toContainText('Уақытында шешілген үлесі');
  await page.getByTestId('report-toggle-table').click();
  await report.expectChartDrawn();
  await page.screenshot({ path: test.info().outputPath('report-chart-kk.png') });

  await kiosk.chooseLanguage('en');
  await expect(report.heading()).toHaveText('How the government answered petitions');
  await expect(report.sentence()).toContainText('60% of the 5 petitions received were answered on time');
});
