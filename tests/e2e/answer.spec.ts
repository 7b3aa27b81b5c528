import path from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import { decodeEscPos } from '../support/escpos-decoder.js';
import { KioskPage, ReceiptPage, waitForAppEvent, typeOnTrackKeypad } from './pages/kiosk-page.js';
import { axeProblems, overflowProblems, smallTargets } from './support/a11y.js';
import { answerOnCasePage, onCasePage } from './support/console-env.js';
import { KioskEnvironment, SERVER_JOURNEY } from './support/kiosk-env.js';
import { REPO_ROOT } from './support/processes.js';

const env = new KioskEnvironment();
const SHOTS = path.join(REPO_ROOT, 'tests/output/screenshots');
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };
test.afterEach(async () => {
  await env.stop();
});

const ANSWER = [
  'Таны гомдлыг хүлээн авлаа.',
  'Өлгий сумын 4-р багийн худгийг 12 дугаар сарын 15-ны дотор засуулна. Хариуцсан ажилтан: Б. Сарнай.',
].join('\n');

/**
 * The operator's answer, written in the console: an administrator made with `npm run operator`,
 * signed in through the form, finds the petition by its number and answers it on its page.
 */
async function answerInConsole(browser: Browser, trackingNo: string, text: string): Promise<void> {
  await onCasePage(browser, env, 'hariu', trackingNo, async (office) => {
    await expect(office.getByTestId('citizen-text')).toContainText('худаг');
    await answerOnCasePage(office, text);
  });
}

/** Every text line the printer was given, joined (the printer prints text in code page 53 here). */
function paperText(bytes: Buffer): string {
  return decodeEscPos(bytes)
    .lines.map((l) => l.text)
    .join('\n');
}

test(
  'offline petition → delivered → answered in the console → the kiosk syncs → the citizen reads the answer with the receipt secret and prints it',
  SERVER_JOURNEY,
  async ({ page, browser }) => {
    test.setTimeout(240_000);
    // Text in code page 53 (KZ-1048 has Ө and Ү), so the test reads the paper straight from the bytes.
    await env.start({
      config: { printer: { kind: 'capture', captureDir: env.receiptsDir, width: 48, text: 'kz1048' } },
    });
    const kiosk = new KioskPage(page);
    await kiosk.open(env.kiosk!.url);
    await waitForAppEvent(page, 'content-applied');
    await env.stopServer();
    await kiosk.expectNetwork('offline');

    // A complaint, written while the server cannot be reached.
    await kiosk.openTile('petition');
    await page.getByTestId('petition-category-complaint').click();
    await page.getByTestId('next').click();
    await page.getByTestId('petition-subject').fill('Худгийн ус');
    await page.getByTestId('petition-text').fill('Манай багийн худаг хоёр сар ажиллахгүй байна. Засаж өгнө үү.');
    await page.getByTestId('next').click();
    await page.getByTestId('next').click();
    await page.getByTestId('consent').check();
    await page.getByTestId('submit').click();

    const receipt = new ReceiptPage(page);
    const trackingNo = await receipt.trackingNumber();
    const secretShown = (await page.getByTestId('receipt-secret').innerText()).trim();
    expect(secretShown).toMatch(/^\d{4} \d{4} \d{4}$/);
    const secret = secretShown.replace(/\D/g, '');
    await expect(receipt.printState()).toHaveAttribute('data-state', 'printed');
    const printed = env.capturedReceipts();
    expect(printed).toHaveLength(1);
    const receiptPaper = paperText(printed[0]!.bytes);
    expect(receiptPaper).toContain(trackingNo);
    expect(receiptPaper).toContain('Нууц код');
    expect(receiptPaper).toContain(secretShown);
    // The secret is on paper only: nothing the kiosk keeps holds it.
    const stored = await page.evaluate(async () => {
      const dbs = await indexedDB.databases();
      const out: string[] = [];
      for (const info of dbs) {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open(info.name!);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        for (const name of Array.from(db.objectStoreNames)) {
          const rows = await new Promise<unknown[]>((resolve) => {
            const r = db.transaction(name).objectStore(name).getAll();
            r.onsuccess = () => resolve(r.result);
          });
          out.push(JSON.stringify(rows));
        }
        db.close();
      }
      return out.join('\n');
    });
    expect(stored).toContain(trackingNo);
    expect(stored).not.toContain(secret);

    // The server comes back: the petition is delivered, then answered by an operator.
    await env.startServer();
    await waitForAppEvent(page, 'submission-delivered', { trackingNo });
    await answerInConsole(browser, trackingNo, ANSWER);
    // The kiosk syncs the 'answered' change; it holds the answer only sealed.
    const readHeld = () =>
      page.evaluate(async (no) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open('tsonkh');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        const row = await new Promise<unknown>((resolve) => {
          const r = db.transaction('statuses').objectStore('statuses').get(no);
          r.onsuccess = () => resolve(r.result);
        });
        db.close();
        return JSON.stringify(row);
      }, trackingNo);
    await expect.poll(readHeld, { timeout: 60_000 }).toContain('"answered"');
    const held = await readHeld();
    expect(held).toContain('A256GCM');
    expect(held).not.toContain('худгийг');

    // A new visit: the citizen checks the receipt.
    await page.getByTestId('receipt-done').click();
    await kiosk.start();
    await kiosk.openTile('track');
    await typeOnTrackKeypad(page, trackingNo);
    await expect(page.getByTestId('track-status')).toHaveAttribute('data-status', 'answered');
    await expect(page.getByTestId('track-result')).toContainText('Таны хүсэлтэд хариу ирсэн байна');
    await page.getByTestId('track-enter-secret').click();

    // A wrong secret: said plainly, with the tries left.
    const wrong = secret.slice(0, 11) + String((Number(secret[11]) + 1) % 10);
    await typeOnTrackKeypad(page, wrong);
    await expect(page.getByTestId('track-secret-result')).toHaveAttribute('data-state', 'wrong', { timeout: 60_000 });
    await expect(page.getByTestId('track-secret-result')).toContainText('Нууц код таарсангүй');
    await expect(page.getByTestId('track-secret-result')).toContainText('4 удаа');
    await expect(page.getByTestId('track-answer')).toHaveCount(0);

    for (let i = 0; i < 12; i++) await page.getByTestId('track-key-erase').click();
    await typeOnTrackKeypad(page, secret);
    await expect(page.getByTestId('track-answer-text')).toContainText('Өлгий сумын 4-р багийн худгийг', {
      timeout: 60_000,
    });
    await expect(page.getByTestId('track-answer')).toContainText('Таны хүсэлтийн хариу');

    await page.getByTestId('track-print-answer').click();
    await expect(page.getByTestId('answer-print-state')).toHaveAttribute('data-state', 'printed');
    const answerJob = env.capturedReceipts().find((r) => r.file.includes('-answer'));
    expect(answerJob, 'the answer was printed').toBeDefined();
    const paper = paperText(answerJob!.bytes);
    expect(paper).toContain('Таны өргөдлийн хариу');
    expect(paper).toContain(trackingNo);
    // Whole words in order, wrapped to the roll: the answer's words all came out.
    expect(paper.replace(/\s+/g, ' ')).toContain(ANSWER.replace(/\s+/g, ' '));
    expect(decodeEscPos(answerJob!.bytes).cuts).toBe(1);

    // The answer as a citizen reads it: no WCAG 2.2 AA problem and 48 px targets in Mongolian and
    // Kazakh; at 200 % text in high contrast it still fits, upright and on its side.
    const problems = [...(await axeProblems(page, 'answer-mn')), ...(await smallTargets(page, 'answer-mn'))];
    await kiosk.chooseLanguage('kk');
    await expect(page.getByTestId('track-answer')).toContainText('Өтінішіңізге берілген жауап');
    problems.push(...(await axeProblems(page, 'answer-kk')), ...(await smallTargets(page, 'answer-kk')));
    await page.getByTestId('display-toggle').click();
    await page.getByTestId('text-scale-200').click();
    await page.getByTestId('high-contrast').click();
    await page.getByTestId('display-close').click();
    for (const [orientation, size] of Object.entries({ portrait: PORTRAIT, landscape: LANDSCAPE })) {
      await page.setViewportSize(size);
      await expect(page.getByTestId('track-answer-text')).toBeVisible();
      problems.push(...(await overflowProblems(page, `answer-kk-200-${orientation}`)));
      await page.screenshot({ path: path.join(SHOTS, `${orientation}-answer-kk-200-contrast.png`), fullPage: true });
    }
    expect(problems).toEqual([]);
  },
);
