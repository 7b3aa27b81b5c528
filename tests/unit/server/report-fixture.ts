import type { Database } from '../../../src-server/db/database.js';
import type { NewSubmission } from '../../../src-server/db/schema.js';

/**
 * A small, hand-countable set of petitions and law comments for the 11-11 report (and Open311).
 * Times are UTC as stored; the Mongolian day (UTC+8) is in each comment. The report is judged
 * on 2026-12-03 (Mongolia), so the backlog cut-off is "received before 2026-11-03".
 */
export const REPORT_NOW = new Date('2026-12-03T04:00:00.000Z');
export const REPORT_FROM = '2026-10-01';
export const REPORT_TO = '2026-11-30';

/** Four kiosks: two soums of Arkhangai (65), one of Bayan-Ölgii (83), one that never said where. */
const KIOSKS = [
  { code: '6501', aimag: '65', soum: '6501' },
  { code: '6503', aimag: '65', soum: '6503' },
  { code: '8301', aimag: '83', soum: '8301' },
  { code: '9999', aimag: null, soum: null },
] as const;
type KioskCode = (typeof KIOSKS)[number]['code'];

export interface FixturePetition {
  name: string;
  kiosk: KioskCode;
  category: string;
  channel: 'kiosk' | 'assisted' | 'library';
  agency: string | null;
  receivedAt: string;
  dueDate: string;
  status: string;
  statusAt?: string;
}

/**
 * P8 and P9 fall just outside the range (MN 2026-12-01 00:00 and MN 2026-09-30 23:59:59.999);
 * P1 and P7 are the first and last instants inside it.
 */
export const FIXTURE_PETITIONS: readonly FixturePetition[] = [
  // MN 10-01 00:00 → answered MN 10-11: 10 days, on time.
  {
    name: 'P1',
    kiosk: '6501',
    category: 'complaint',
    channel: 'kiosk',
    agency: 'state-registration',
    receivedAt: '2026-09-30T16:00:00.000Z',
    dueDate: '2026-10-31',
    status: 'answered',
    statusAt: '2026-10-11T02:00:00.000Z',
  },
  // MN 10-05 → resolved MN 11-04 23:59, the due day itself: 30 days, on time.
  {
    name: 'P2',
    kiosk: '6501',
    category: 'complaint',
    channel: 'kiosk',
    agency: 'state-registration',
    receivedAt: '2026-10-05T03:00:00.000Z',
    dueDate: '2026-11-04',
    status: 'resolved',
    statusAt: '2026-11-04T15:59:00.000Z',
  },
  // MN 10-10 → returned MN 11-10, a day after the due date: 31 days, late.
  {
    name: 'P3',
    kiosk: '6503',
    category: 'petition',
    channel: 'assisted',
    agency: 'police',
    receivedAt: '2026-10-10T03:00:00.000Z',
    dueDate: '2026-11-09',
    status: 'returned',
    statusAt: '2026-11-10T01:00:00.000Z',
  },
  // MN 10-20, still in progress, due 11-19 < 12-03: open, overdue, backlog (10-20 < 11-03).
  {
    name: 'P4',
    kiosk: '6503',
    category: 'petition',
    channel: 'kiosk',
    agency: null,
    receivedAt: '2026-10-20T03:00:00.000Z',
    dueDate: '2026-11-19',
    status: 'in_progress',
  },
  // MN 11-03 04:00 (UTC 11-02): open, due 2027-01-02, not overdue; exactly 30 days old: not backlog.
  {
    name: 'P5',
    kiosk: '8301',
    category: 'suggestion',
    channel: 'library',
    agency: null,
    receivedAt: '2026-11-02T20:00:00.000Z',
    dueDate: '2027-01-02',
    status: 'received',
  },
  // MN 11-01 → answered MN 11-06: 5 days, on time.
  {
    name: 'P6',
    kiosk: '8301',
    category: 'complaint',
    channel: 'kiosk',
    agency: 'police',
    receivedAt: '2026-11-01T03:00:00.000Z',
    dueDate: '2026-12-01',
    status: 'answered',
    statusAt: '2026-11-06T03:00:00.000Z',
  },
  // MN 11-30 23:59:59.999, the last instant of the range; forwarded, due 12-30: open, not overdue.
  {
    name: 'P7',
    kiosk: '9999',
    category: 'complaint',
    channel: 'kiosk',
    agency: 'police',
    receivedAt: '2026-11-30T15:59:59.999Z',
    dueDate: '2026-12-30',
    status: 'forwarded',
  },
  // Outside: MN 12-01 00:00.
  {
    name: 'P8',
    kiosk: '6501',
    category: 'complaint',
    channel: 'kiosk',
    agency: null,
    receivedAt: '2026-11-30T16:00:00.000Z',
    dueDate: '2026-12-31',
    status: 'received',
  },
  // Outside: MN 09-30 23:59:59.999.
  {
    name: 'P9',
    kiosk: '6501',
    category: 'complaint',
    channel: 'kiosk',
    agency: null,
    receivedAt: '2026-09-30T15:59:59.999Z',
    dueDate: '2026-10-30',
    status: 'answered',
    statusAt: '2026-10-02T03:00:00.000Z',
  },
  // MN 10-02, extended to 12-01 < 12-03: open, overdue, backlog.
  {
    name: 'P10',
    kiosk: '6501',
    category: 'complaint',
    channel: 'kiosk',
    agency: 'state-registration',
    receivedAt: '2026-10-02T03:00:00.000Z',
    dueDate: '2026-12-01',
    status: 'extended',
  },
  // MN 10-15 → answered MN 10-16: 1 day, on time.
  {
    name: 'P11',
    kiosk: '6503',
    category: 'gratitude',
    channel: 'kiosk',
    agency: null,
    receivedAt: '2026-10-15T03:00:00.000Z',
    dueDate: '2026-11-14',
    status: 'answered',
    statusAt: '2026-10-16T03:00:00.000Z',
  },
];

/** Law comments: three inside the range at 65 (two on article 2, one on article 1), one at 83 on the whole law, one outside. */
const FIXTURE_COMMENTS = [
  { kiosk: '6501', article: 2, stance: 'for', receivedAt: '2026-10-03T03:00:00.000Z' },
  { kiosk: '6501', article: 2, stance: 'against', receivedAt: '2026-10-04T03:00:00.000Z' },
  { kiosk: '6503', article: 1, stance: 'for', receivedAt: '2026-11-20T03:00:00.000Z' },
  { kiosk: '8301', article: null, stance: 'neutral', receivedAt: '2026-11-21T03:00:00.000Z' },
  { kiosk: '8301', article: 1, stance: 'against', receivedAt: '2026-12-02T03:00:00.000Z' },
] as const;

/** Inserts the fixture's kiosks and submissions; returns each petition's tracking number by name. */
export async function seedReportFixture(db: Database): Promise<Map<string, string>> {
  const kioskIds = new Map<string, number>();
  for (const k of KIOSKS) {
    const { id } = await db
      .insertInto('kiosks')
      .values({
        kiosk_code: k.code,
        credential_hash: `hash-${k.code}`,
        name: JSON.stringify({ mn: `Киоск ${k.code}` }),
        created_at: '2026-01-01T00:00:00.000Z',
        aimag_code: k.aimag,
        soum_code: k.soum,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    kioskIds.set(k.code, id);
  }
  const numbers = new Map<string, string>();
  let n = 0;
  const base = (kiosk: string, kind: string, receivedAt: string): NewSubmission => {
    n += 1;
    const trackingNo = `${kiosk}-${String(n).padStart(6, '0')}`;
    return {
      idempotency_key: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      body_hash: `hash-${n}`,
      kiosk_id: kioskIds.get(kiosk)!,
      tracking_no: trackingNo,
      kind,
      channel: 'kiosk',
      staff_id: null,
      lang: 'mn',
      created_at: receivedAt,
      service_id: null,
      form_id: null,
      form_version: null,
      petition_category: null,
      law_id: null,
      law_version: null,
      article_number: null,
      stance: null,
      rating: null,
      body: '{}',
      status: 'received',
      status_at: receivedAt,
      due_date: null,
      initial_due_date: null,
      received_at: receivedAt,
    };
  };
  for (const p of FIXTURE_PETITIONS) {
    const row = base(p.kiosk, 'petition', p.receivedAt);
    numbers.set(p.name, row.tracking_no);
    await db
      .insertInto('submissions')
      .values({
        ...row,
        channel: p.channel,
        staff_id: p.channel === 'assisted' ? 'staff-1' : null,
        petition_category: p.category,
        status: p.status,
        status_at: p.statusAt ?? p.receivedAt,
        due_date: p.dueDate,
        initial_due_date: p.dueDate,
        agency_id: p.agency,
      })
      .execute();
  }
  for (const c of FIXTURE_COMMENTS) {
    await db
      .insertInto('submissions')
      .values({
        ...base(c.kiosk, 'law_comment', c.receivedAt),
        law_id: 'test-law',
        law_version: 1,
        article_number: c.article,
        stance: c.stance,
      })
      .execute();
  }
  // A service application inside the range: never counted by the petition report.
  await db
    .insertInto('submissions')
    .values({ ...base('6501', 'service_application', '2026-10-07T03:00:00.000Z'), service_id: 'birth-certificate' })
    .execute();
  return numbers;
}
