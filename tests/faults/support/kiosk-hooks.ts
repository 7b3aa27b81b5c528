import type { Page } from '@playwright/test';
import type { AppEvent } from '../../../src-renderer/platform/app-events.js';

export interface OutboxCounts {
  queued: number;
  sending: number;
  accepted: number;
  quarantined: number;
}

/** Waits until the app has booted (journal restored, sync started) and the hooks are installed. */
export async function waitForHooks(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const t = window.__tsonkh;
      return !!t?.api && t.events.some((e) => e.name === 'ready');
    },
    undefined,
    { timeout: timeoutMs, polling: 20 },
  );
}

/** Queues petitions through the real pipeline; resolves with their tracking numbers once each is durable. */
export function queuePetitions(page: Page, count: number, prefix: string): Promise<string[]> {
  return page.evaluate(([n, p]) => window.__tsonkh!.api!.queuePetitions(n, p), [count, prefix] as const);
}

export async function outboxCounts(page: Page): Promise<OutboxCounts> {
  const raw = await page.evaluate(() => window.__tsonkh!.api!.outboxCounts());
  return {
    queued: raw.queued ?? 0,
    sending: raw.sending ?? 0,
    accepted: raw.accepted ?? 0,
    quarantined: raw.quarantined ?? 0,
  };
}

/** Starts a sync run and returns at once (the run goes on in the page). */
export async function startSync(page: Page): Promise<void> {
  await page.evaluate(() => {
    void window.__tsonkh!.api!.syncNow();
  });
}

export function appEvents(page: Page): Promise<AppEvent[]> {
  return page.evaluate(() => window.__tsonkh?.events ?? []);
}

/** Polls the outbox until `done` says so; returns the last counts. */
export async function waitForOutbox(
  page: Page,
  done: (c: OutboxCounts) => boolean,
  what: string,
  timeoutMs: number,
): Promise<OutboxCounts> {
  const deadline = Date.now() + timeoutMs;
  let last: OutboxCounts | undefined;
  for (;;) {
    last = await outboxCounts(page);
    if (done(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; outbox ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
