import {
  SILENT_AFTER_DAYS,
  type KioskListPage,
  type KioskListQuery,
  type KioskRow,
} from '../../src-shared/console/cases-api.js';
import { AIMAGS } from '../../src-shared/rules/aimag-codes.js';
import type { Database } from '../db/database.js';
import { csvField, mongoliaDateTime, UTF8_BOM } from '../util/csv.js';

const DAY_MS = 86_400_000;

function kioskName(json: string): Record<string, string> {
  try {
    const value = JSON.parse(json) as unknown;
    if (value === null || typeof value !== 'object') return {};
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  } catch {
    return {};
  }
}

/**
 * Every registered kiosk (within `scopeAimag` when set) with its place, last contact, last push,
 * how far its content cursor is behind the latest change, and its submissions of the last 7
 * days (counted by the database, grouped per kiosk). `state`: silent = no contact for more than
 * SILENT_AFTER_DAYS days, never = no contact recorded.
 */
export async function listKiosks(
  db: Database,
  query: KioskListQuery,
  scopeAimag: string | null,
  now: Date = new Date(),
): Promise<KioskListPage> {
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS).toISOString();
  const silentBefore = new Date(now.getTime() - SILENT_AFTER_DAYS * DAY_MS).toISOString();
  const aimag = scopeAimag ?? query.aimag ?? null;
  let kiosks = db
    .selectFrom('kiosks as k')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('submissions')
          .select(['kiosk_id', (e) => e.fn.countAll<number | string | bigint>().as('n')])
          .where('received_at', '>=', weekAgo)
          .groupBy('kiosk_id')
          .as('w'),
      (join) => join.onRef('w.kiosk_id', '=', 'k.id'),
    )
    .select([
      'k.kiosk_code',
      'k.name',
      'k.aimag_code',
      'k.soum_code',
      'k.created_at',
      'k.last_contact_at',
      'k.last_push_at',
      'k.content_cursor',
      'w.n',
    ])
    .orderBy('k.kiosk_code');
  if (aimag !== null) kiosks = kiosks.where('k.aimag_code', '=', aimag);
  if (query.state === 'never') kiosks = kiosks.where('k.last_contact_at', 'is', null);
  if (query.state === 'silent') {
    kiosks = kiosks.where((eb) =>
      eb.or([eb('k.last_contact_at', 'is', null), eb('k.last_contact_at', '<', silentBefore)]),
    );
  }
  if (query.state === 'active') kiosks = kiosks.where('k.last_contact_at', '>=', silentBefore);
  const [rows, latest] = await Promise.all([
    kiosks.execute(),
    db
      .selectFrom('content_changes')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst(),
  ]);
  const latestSeq = Number(latest?.seq ?? 0);
  return {
    latestContentSeq: latestSeq,
    rows: rows.map((r): KioskRow => ({
      kioskCode: r.kiosk_code,
      name: kioskName(r.name),
      aimagCode: r.aimag_code,
      aimagName: r.aimag_code === null ? null : (AIMAGS[r.aimag_code] ?? null),
      soumCode: r.soum_code,
      registeredAt: r.created_at,
      lastContactAt: r.last_contact_at,
      lastPushAt: r.last_push_at,
      contentCursor: r.content_cursor === null ? null : Number(r.content_cursor),
      contentBehind: r.content_cursor === null ? null : Math.max(0, latestSeq - Number(r.content_cursor)),
      submissionsThisWeek: Number(r.n ?? 0),
      state: r.last_contact_at === null ? 'never' : r.last_contact_at < silentBefore ? 'silent' : 'active',
    })),
  };
}

export const KIOSK_CSV_HEADER = [
  'ТҮЦ / Kiosk',
  'Нэр / Name',
  'Аймаг / Aimag',
  'Сум / Soum',
  'Бүртгэсэн / Registered',
  'Сүүлд холбогдсон / Last contact',
  'Сүүлд илгээсэн / Last push',
  'Агуулгын курсор / Content cursor',
  'Хоцорсон өөрчлөлт / Changes behind',
  'Энэ 7 хоногт / Submissions this week',
  'Төлөв / State',
] as const;

/** The kiosks page as CSV (UTF-8 BOM, RFC 4180); kiosk names are set by provisioning, so guarded. */
export function kiosksCsv(page: KioskListPage): string {
  const lines = [KIOSK_CSV_HEADER.map((h) => csvField(h)).join(',')];
  for (const r of page.rows) {
    lines.push(
      [
        csvField(r.kioskCode),
        csvField(r.name.mn ?? '', { untrusted: true }),
        csvField(r.aimagCode === null ? null : `${r.aimagCode} ${r.aimagName?.mn ?? ''}`.trim()),
        csvField(r.soumCode),
        csvField(mongoliaDateTime(r.registeredAt)),
        csvField(r.lastContactAt === null ? null : mongoliaDateTime(r.lastContactAt)),
        csvField(r.lastPushAt === null ? null : mongoliaDateTime(r.lastPushAt)),
        csvField(r.contentCursor),
        csvField(r.contentBehind),
        csvField(r.submissionsThisWeek),
        csvField(r.state),
      ].join(','),
    );
  }
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
