import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ConsoleEnvironment, DESKTOP, expectAccessible, screenshot, signIn } from './support/console-env.js';

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
  await page.getByLabel('Нэвтрэх нэр').fill('guessed');
  for (let i = 0; i < 4; i++) {
    await page.getByLabel('Нууц үг').fill(`guess number ${i}`);
    await page.getByRole('button', { name: 'Нэвтрэх' }).click();
    await expect(page.getByRole('button', { name: 'Нэвтрэх' })).toBeEnabled();
  }
  await expect(page.getByTestId('sign-in-error')).toHaveText(
    /^Нууц үгийг олон удаа буруу оруулсан тул \d+ секунд хүлээгээд дахин оролдоно уу\.$/,
  );
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
  // And the server refuses the API itself, whatever the page shows.
  const status = await page.evaluate(async () => (await fetch('/console/api/audit')).status);
  expect(status).toBe(403);
});

test('the audit log: filtered by actor and action, exported as CSV of the same rows', async ({ page }) => {
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
