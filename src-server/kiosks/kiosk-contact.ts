import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentChangesQuerySchema } from '../../src-shared/protocol.js';
import type { Database } from '../db/database.js';
import { GroupCommit } from '../db/group-commit.js';

/** How often, at most, a kiosk's plain contact time is written (per server process). */
const CONTACT_WRITE_INTERVAL_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the submissions route when the push time went into the submissions' own transaction. */
    pushRecorded: boolean;
  }
}

type ContactUpdate = { last_contact_at: string; last_push_at?: string; content_cursor?: number };

/**
 * The contact writes of one server process, with group commit (`db/group-commit.ts`): the
 * updates of one moment go out in one transaction, one UPDATE per kiosk with its latest values.
 * On SQLite each transaction is an fsync that blocks the process, so a write per push would
 * undo the submissions' group commit.
 */
function contactWriter(db: Database): GroupCommit<{ kioskId: number; update: ContactUpdate }, undefined> {
  return new GroupCommit(async (items) => {
    const latest = new Map<number, ContactUpdate>();
    for (const { kioskId, update } of items) latest.set(kioskId, { ...latest.get(kioskId), ...update });
    await db.transaction().execute(async (trx) => {
      for (const [id, update] of latest) await trx.updateTable('kiosks').set(update).where('id', '=', id).execute();
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
    const content = url.endsWith('/content/changes') ? contentChangesQuerySchema.safeParse(request.query) : null;
    const cursor = content?.success ? content.data.after : null;
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
