import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import {
  CONSOLE_PASSWORD,
  ConsoleEnvironment,
  DESKTOP,
  expectAccessible,
  screenshot,
  signIn,
} from './support/console-env.js';

const env = new ConsoleEnvironment();
test.use({ viewport: DESKTOP });
test.beforeAll(async () => {
  await env.start();
  env.addOperator('admin', 'admin');
  env.addOperator('auditor', 'auditor');
  env.addOperator('khovd', 'aimag_operator', { aimag: '84' });
});
test.afterAll(async () => {
  await env.stop();
});

test('sign in: a wrong password is worded, the right one opens the console with the role and its menu', async ({
  page,
}) => {
  await page.goto(env.url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Консолд нэвтрэх');
  await expectAccessible(page, 'sign-in');
  await page.getByLabel('Нэвтрэх нэр').fill('admin');
  await page.getByLabel('Нууц үг').fill('not the password');
  await page.getByRole('button', { name: 'Нэвтрэх' }).click();
  await expect(page.getByTestId('sign-in-error')).toHaveText(
    'Нэвтрэх нэр эсвэл нууц үг буруу байна. Дахин оролдоно уу.',
  );
  await expect(page.getByLabel('Нууц үг')).toBeFocused();
  await expectAccessible(page, 'sign-in with an error');

  // Guessing one login: after three wrong passwords the server makes the next one wait, and says so.
  // The waits are 1 s, 2 s, 4 s…: on a slow machine a try may come after one has passed, so try on.
  await page.getByLabel('Нэвтрэх нэр').fill('guessed');
  const error = page.getByTestId('sign-in-error');
  for (let i = 0; i < 8; i++) {
    await page.getByLabel('Нууц үг').fill(`guess number ${i}`);
    await page.getByRole('button', { name: 'Нэвтрэх' }).click();
    await expect(page.getByRole('button', { name: 'Нэвтрэх' })).toBeEnabled();
    if (i >= 3 && (await error.textContent())?.includes('секунд хүлээгээд')) break;
  }
  await expect(error).toHaveText(/^Нууц үгийг олон удаа буруу оруулсан тул \d+ секунд хүлээгээд дахин оролдоно уу\.$/);
  await screenshot(page, 'sign-in');

  await signIn(page, env.url, 'admin');
  await expect(page.getByTestId('who')).toContainText('Улсын админ');
  const menu = page.getByRole('navigation', { name: 'Үндсэн цэс' });
  for (const item of ['Кейсүүд', 'Киоскууд', 'Тайлан', 'Нийтлэл', 'Аудит', 'Ажилтнууд']) {
    await expect(menu.getByRole('link', { name: item })).toBeVisible();
  }
  // A reload keeps the session (the cookie), and English is one button away.
  await page.reload();
  await expect(page.getByTestId('who')).toContainText('admin');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(menu).toHaveCount(0);
  await expect(
    page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Audit log' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Монгол' }).click();

  // A session that ends on the server (here: its cookie is gone) returns to sign-in, and says why.
  const cookies = await page.context().cookies();
  await page.context().clearCookies();
  await page.getByRole('navigation').getByRole('link', { name: 'Аудит' }).click();
  await expect(page.getByRole('status')).toHaveText('Таны сесс дууссан тул дахин нэвтэрнэ үү.');
  await page.context().addCookies(cookies);
  await page.goto(`${env.url}audit`);
  await expect(page.getByTestId('who')).toContainText('admin');

  await page.getByRole('button', { name: 'Гарах', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Та консолоос гарлаа.');
  await page.goto(`${env.url}audit`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Консолд нэвтрэх');
});

test('an aimag operator sees only its pages, and a page outside its role by URL is not shown', async ({ page }) => {
  await signIn(page, env.url, 'khovd');
  await expect(page.getByTestId('who')).toContainText('Аймгийн оператор · Ховд аймаг');
  const menu = page.getByRole('navigation', { name: 'Үндсэн цэс' });
  await expect(menu.getByRole('link')).toHaveText(['Кейсүүд', 'Киоскууд', 'Тайлан']);
  await page.goto(`${env.url}audit`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Хуудас олдсонгүй');
  await expectAccessible(page, 'not found');
  // And the server refuses the API itself, whatever the page shows.
  const status = await page.evaluate(async () => (await fetch('/console/api/audit')).status);
  expect(status).toBe(403);
});

test('a login locked after ten wrong passwords says for how long; even the right password waits', async ({ page }) => {
  env.addOperator('locked', 'auditor');
  await env.lockLogin('locked');
  await page.goto(env.url);
  await page.getByLabel('Нэвтрэх нэр').fill('locked');
  await page.getByLabel('Нууц үг').fill(CONSOLE_PASSWORD);
  await page.getByRole('button', { name: 'Нэвтрэх' }).click();
  await expect(page.getByTestId('sign-in-error')).toHaveText(
    /^Нууц үгийг хэт олон удаа буруу оруулсан тул нэвтрэх эрх 1[45] минут түгжигдлээ\.$/,
  );
  await expect(page.getByTestId('who')).toHaveCount(0);
  await expectAccessible(page, 'sign-in locked');
});

test('the audit log pages through a long list: 50 rows a page, nothing twice, and back again', async ({ page }) => {
  // 56 refused requests by the aimag operator: each is a row of the audit log.
  await signIn(page, env.url, 'khovd');
  const refused = await page.evaluate(async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 56; i++) statuses.push((await fetch(`/console/api/audit?limit=${i + 1}`)).status);
    return statuses;
  });
  expect(new Set(refused)).toEqual(new Set([403]));
  await page.getByRole('button', { name: 'Гарах', exact: true }).click();

  await signIn(page, env.url, 'auditor');
  await page.goto(`${env.url}audit?actor=khovd&action=access.denied`);
  const table = page.getByTestId('audit-table');
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(50);
  const first = await rows.allInnerTexts();
  const pager = page.locator('.pager');
  await expect(pager).toContainText('1-р хуудас');
  await expect(pager.getByRole('button', { name: 'Өмнөх' })).toBeDisabled();
  await pager.getByRole('button', { name: 'Дараах' }).click();
  await expect(pager).toContainText('2-р хуудас');
  const total = await page.evaluate(
    async () =>
      ((await (await fetch('/console/api/audit?actor=khovd&action=access.denied')).json()) as { entries: unknown[] })
        .entries.length,
  );
  // The 56 above, and any other refusal of this operator earlier in the run.
  expect(total).toBeGreaterThanOrEqual(56);
  await expect(rows).toHaveCount(total - 50);
  const second = await rows.allInnerTexts();
  expect(second.filter((row) => first.includes(row))).toEqual([]);
  await expect(pager.getByRole('button', { name: 'Дараах' })).toBeDisabled();
  await pager.getByRole('button', { name: 'Өмнөх' }).click();
  await expect(pager).toContainText('1-р хуудас');
  // The pager says page 1 as soon as it is pressed; its rows follow when the page has loaded.
  await expect(rows).toHaveText(first, { useInnerText: true });
});

test('days are typed year-month-day whatever the browser speaks; a wrong day is said in words', async ({ page }) => {
  await signIn(page, env.url, 'auditor');
  await page.getByRole('navigation').getByRole('link', { name: 'Аудит' }).click();
  const from = page.getByLabel('Эхлэх огноо');
  await expect(from).toHaveAttribute('placeholder', '2026-12-03');
  await from.fill('2026.2.30');
  await expect(from).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Огноо буруу байна. Он-сар-өдөр гэж бичнэ үү, жишээ нь 2026-12-03.')).toBeVisible();
  await expectAccessible(page, 'audit with a wrong day');
  await from.fill('2026.1.5');
  await expect(from).toHaveAttribute('aria-invalid', 'false');
  await page.getByLabel('Дуусах огноо').fill('20991231');
  await page.getByRole('button', { name: 'Шүүх' }).click();
  await expect(page).toHaveURL(/from=2026-01-05/);
  await expect(page).toHaveURL(/to=2099-12-31/);
  await expect(from).toHaveValue('2026-01-05');
});

test('the audit log: filtered by actor and action, exported as CSV of the same rows', async ({ page }) => {
  // The administrator's own sign-in: a row to find, whatever ran before in this file.
  await signIn(page, env.url, 'admin');
  await page.getByRole('button', { name: 'Гарах', exact: true }).click();
  await signIn(page, env.url, 'auditor');
  await page.getByRole('navigation').getByRole('link', { name: 'Аудит' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Аудитын бүртгэл');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  const table = page.getByTestId('audit-table');
  await expect(table.locator('tbody tr').first()).toBeVisible();

  await page.getByLabel('Хэн (нэвтрэх нэр)').fill('admin');
  await page.getByLabel('Үйлдэл').fill('session.sign_in');
  await page.getByRole('button', { name: 'Шүүх' }).click();
  await expect(page).toHaveURL(/audit\?actor=admin&action=session.sign_in/);
  const rows = table.locator('tbody tr');
  await expect(rows.first()).toContainText('session.sign_in');
  for (const row of await rows.all()) {
    await expect(row).toContainText('admin');
    await expect(row).toContainText('session.sign_in');
  }
  await expectAccessible(page, 'audit');
  await screenshot(page, 'audit');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-csv').click()]);
  expect(download.suggestedFilename()).toBe('tsonkh-audit.csv');
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.startsWith('\uFEFFseq,')).toBe(true);
  const lines = csv.trim().split('\r\n').slice(1);
  expect(lines.length).toBe(await rows.count());
  for (const line of lines) expect(line).toContain(',admin,session.sign_in,');
});

test('operators: the administrator adds an account, resets its password and disables it', async ({ page }) => {
  await signIn(page, env.url, 'admin');
  await page.getByRole('navigation').getByRole('link', { name: 'Ажилтнууд' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ажилтнууд');
  await page.getByLabel('Нэвтрэх нэр').fill('zavkhan');
  await page.getByLabel('Нууц үг (12-оос доошгүй тэмдэгт)').fill('short');
  await page.getByLabel('Аймаг', { exact: true }).selectOption('81');
  await page.getByRole('button', { name: 'Нэмэх' }).click();
  await expect(page.getByRole('alert')).toContainText('Мэдээлэл буруу байна');
  await page.getByLabel('Нууц үг (12-оос доошгүй тэмдэгт)').fill('a long enough password');
  await page.getByRole('button', { name: 'Нэмэх' }).click();
  await expect(page.getByRole('status')).toHaveText('zavkhan нэмэгдлээ.');
  const row = page.getByTestId('operators-table').getByRole('row', { name: /zavkhan/ });
  await expect(row).toContainText('Аймгийн оператор');

  await row.getByRole('button', { name: 'Нууц үг солих: zavkhan' }).click();
  await page.getByLabel('zavkhan-ын шинэ нууц үг (12-оос доошгүй тэмдэгт)').fill('another long password');
  await page.getByRole('button', { name: 'Хадгалах' }).click();
  await expect(page.getByRole('status')).toContainText('zavkhan шинэ нууц үгтэй боллоо');

  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Хаах: zavkhan' }).click();
  await expect(page.getByRole('status')).toContainText('zavkhan бүртгэл хаагдлаа');
  await expect(row).toContainText('Хаагдсан');
  await expectAccessible(page, 'operators');
  await screenshot(page, 'operators');
});
