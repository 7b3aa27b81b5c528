import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { GroupCommit } from '../db/group-commit.js';
import { unhurriedTransaction } from '../db/unhurried-transaction.js';

/** How often, at most, a kiosk's plain contact time is written (per server process). */
const CONTACT_WRITE_INTERVAL_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the submissions route when the push time went into the submissions' own transaction. */
    pushRecorded: boolean;
    /** Set by the content-changes route: the cursor the kiosk asked after, as its query was validated. */
    contentCursor: number | null;
  }
}

type ContactUpdate = { last_contact_at: string; last_push_at?: string; content_cursor?: number };

/**
 * The contact writes of one server process, with group commit (`db/group-commit.ts`): the
 * updates of one moment go out in one transaction. On SQLite each transaction is an fsync that
 * blocks the process, so a write per request would undo the submissions' group commit; on
 * PostgreSQL each statement is a round trip, so kiosks that did the same thing share one UPDATE
 * (`where id in (…)`): kiosks that are up to date all ask after the same cursor. Every kiosk of a
 * group gets the group's newest time (the group is the requests of a few milliseconds).
 */
function contactWriter(db: Database): GroupCommit<{ kioskId: number; update: ContactUpdate }, undefined> {
  return new GroupCommit(async (items) => {
    const latest = new Map<number, ContactUpdate>();
    let at = '';
    for (const { kioskId, update } of items) {
      latest.set(kioskId, { ...latest.get(kioskId), ...update });
      if (update.last_contact_at > at) at = update.last_contact_at;
    }
    // Kiosks with the same update: pushed or not, and the same content cursor (or none).
    const alike = new Map<string, { push: boolean; cursor: number | undefined; ids: number[] }>();
    for (const [id, update] of latest) {
      const push = update.last_push_at !== undefined;
      const key = `${push}/${update.content_cursor ?? ''}`;
      const bucket = alike.get(key) ?? { push, cursor: update.content_cursor, ids: [] };
      bucket.ids.push(id);
      alike.set(key, bucket);
    }
    // A contact time is a record, not a promise to anyone: its commit need not wait for the disk.
    await unhurriedTransaction(db, async (trx) => {
      for (const { push, cursor, ids } of alike.values()) {
        await trx
          .updateTable('kiosks')
          .set({
            last_contact_at: at,
            ...(push ? { last_push_at: at } : {}),
            ...(cursor !== undefined ? { content_cursor: cursor } : {}),
          })
          .where(
            'id',
            'in',
            ids.sort((a, b) => a - b),
          )
          .execute();
      }
    });
    return items.map(() => undefined);
  });
}

/**
 * `onSend` hook for kiosk routes (before the reply leaves, so what a kiosk did is on record by the
 * time it hears back): records, for the console's kiosks page, when each kiosk
 * last called (any answered request), when it last sent submissions (an accepted batch) and the
 * content cursor it last asked after. Writes at most once a minute per kiosk for plain contact,
 * so thousands of kiosks polling do not turn every read into a write; a push or a new cursor is
 * written at once (together with the other kiosks' of that moment: `contactWriter`), except a push
 * that stored submissions: its time went into their transaction (`request.pushRecorded`,
 * `submissions/submission-writer.ts`), which saves a second commit per push. Never fails the
 * request: a failed write is logged and forgotten.
 */
export function kioskContactHook(db: Database, now: () => Date) {
  const written = new Map<number, { at: number; cursor: number | null }>();
  const writer = contactWriter(db);
  return async <T>(request: FastifyRequest, reply: FastifyReply, payload: T): Promise<T> => {
    const kiosk = request.kiosk;
    if (!kiosk || reply.statusCode >= 400) return payload;
    const url = request.routeOptions.url ?? '';
    const time = now();
    const push = request.method === 'POST' && url.endsWith('/submissions/batch');
    const cursor = url.endsWith('/content/changes') ? request.contentCursor : null;
    const last = written.get(kiosk.id);
    const due = last === undefined || time.getTime() - last.at >= CONTACT_WRITE_INTERVAL_MS;
    const newCursor = cursor !== null && cursor !== last?.cursor;
    if (push && request.pushRecorded) {
      written.set(kiosk.id, { at: time.getTime(), cursor: last?.cursor ?? null });
      return payload;
    }
    if (!due && !push && !newCursor) return payload;
    written.set(kiosk.id, { at: time.getTime(), cursor: cursor ?? last?.cursor ?? null });
    const at = time.toISOString();
    try {
      await writer.submit({
        kioskId: kiosk.id,
        update: {
          last_contact_at: at,
          ...(push ? { last_push_at: at } : {}),
          ...(cursor !== null ? { content_cursor: cursor } : {}),
        },
      });
    } catch (err) {
      written.delete(kiosk.id);
      request.log.warn({ err, kiosk: kiosk.kioskCode }, 'could not record the kiosk contact');
    }
    return payload;
  };
}
