import { waitForAppEvent, waitForNextAppEvents } from './pages/kiosk-page.js';
import { SERVER_JOURNEY } from './support/kiosk-env.js';
import { expect, test } from './support/fixtures.js';

const CLI = 'src-server/cli/kiosk-settings.ts';

/**
 * Remote settings (issue 17): the centre sets a version with `npm run kiosk-settings`; the kiosk
 * gets it signed in the answer to its next health report, applies it (the attract screen changes
 * language at once), acknowledges it in the report after; refuses one it cannot do, with the
 * reason reported and the old settings kept; and takes a rollback as a new version.
 */
test(
  'remote settings: applied at the attract screen, refused with the reason, rolled back',
  SERVER_JOURNEY,
  async ({ page, env }) => {
    await page.goto(env.kiosk!.url);
    await waitForAppEvent(page, 'ready');
    await waitForAppEvent(page, 'sync-complete');
    const attract = page.getByTestId('screen-attract');
    await expect(attract).toBeVisible();
    const kiosk = page.locator('html');
    await expect(kiosk).toHaveAttribute('lang', 'mn');

    const cli = async (...args: string[]) => {
      const r = await env.runCli(CLI, args);
      expect(r.status, r.stderr + r.stdout).toBe(0);
      return Number(/version (\d+)/.exec(r.stdout)?.[1]);
    };
    const report = () => page.evaluate(() => window.__tsonkh!.api!.reportHealth());
    const db = await env.serverDb();
    const acknowledged = async () =>
      (await db.selectFrom('kiosk_health').select('settings_version').executeTakeFirst())?.settings_version ?? null;

    // Applied: Kazakh first, at once on the attract screen.
    const kazakh = await cli('set', '--kiosk', '0421', '--json', '{"defaultLanguage":"kk"}');
    expect(await report()).toBe(true);
    await waitForAppEvent(page, 'settings-applied', { version: String(kazakh) });
    await expect(kiosk).toHaveAttribute('lang', 'kk');
    await expect(attract).toBeVisible();
    // Acknowledged in the next report.
    await report();
    await expect.poll(acknowledged).toBe(kazakh);

    // Refused: a language this kiosk has no words for. The reason reaches the centre; Kazakh stays.
    const russian = await cli('set', '--kiosk', '0421', '--json', '{"languages":["kk","ru"]}');
    await report();
    await waitForAppEvent(page, 'settings-refused', { version: String(russian) });
    await expect(kiosk).toHaveAttribute('lang', 'kk');
    await report();
    const refusal = await db
      .selectFrom('kiosk_events')
      .select('details')
      .where('kind', '=', 'settings_refused')
      .executeTakeFirstOrThrow();
    expect(refusal.details).toBe(`v${russian}: languages not on this kiosk: ru`);
    expect(await acknowledged()).toBe(kazakh);
    const shown = await env.runCli(CLI, ['show', '--kiosk', '0421']);
    expect(shown.stdout).toContain('languages not on this kiosk: ru');

    // English, then rolled back to the Kazakh version: a new version the kiosk takes as newer.
    const english = await cli('set', '--kiosk', '0421', '--json', '{"defaultLanguage":"en"}');
    await report();
    await waitForAppEvent(page, 'settings-applied', { version: String(english) });
    await expect(kiosk).toHaveAttribute('lang', 'en');
    const back = await cli('rollback', '--kiosk', '0421', '--to', String(kazakh));
    expect(back).toBeGreaterThan(english);
    await report();
    await waitForAppEvent(page, 'settings-applied', { version: String(back) });
    await expect(kiosk).toHaveAttribute('lang', 'kk');
    await report();
    await expect.poll(acknowledged).toBe(back);

    // A restart keeps the version it runs: the next visit starts in Kazakh.
    await page.reload();
    await waitForNextAppEvents(page, 'ready');
    await expect(kiosk).toHaveAttribute('lang', 'kk');
  },
);
