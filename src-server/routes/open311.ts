import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  OPEN311_DEFAULT_DAYS,
  OPEN311_MAX_REQUESTS,
  OPEN311_PREFIX,
  open311RequestParamsSchema,
  open311RequestsQuerySchema,
  open311ServicesQuerySchema,
  type Open311Request,
  type Open311Service,
} from '../../src-shared/open311.js';
import { MONGOLIA_UTC_OFFSET } from '../../src-shared/format.js';
import { pickText } from '../../src-shared/pick-text.js';
import {
  petitionCategorySchema,
  placeSchema,
  type PetitionCategory,
  type Place,
} from '../../src-shared/schemas/content.js';
import type { SubmissionStatus } from '../../src-shared/schemas/submission.js';
import { AIMAGS } from '../../src-shared/rules/aimag-codes.js';
import type { Database } from '../db/database.js';
import { TERMINAL_STATUSES } from '../submissions/status.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';

/** What each status says to a civic tool: Mongolian, then English. */
const STATUS_NOTES: Readonly<Record<SubmissionStatus, string>> = {
  received: 'Хүлээн авсан (received)',
  forwarded: 'Холбогдох байгууллагад шилжүүлсэн (forwarded to the responsible organisation)',
  in_progress: 'Шийдвэрлэж байна (in progress)',
  extended: 'Шийдвэрлэх хугацааг сунгасан (the time to answer was extended)',
  resolved: 'Шийдвэрлэсэн (resolved)',
  answered: 'Хариу өгсөн (answered)',
  returned: 'Буцаасан: өөр байгууллагын харьяа (returned: another organisation is responsible)',
};

/** GeoReport v2 errors are a list of `{ code, description }`. */
function open311Error(reply: FastifyReply, code: number, description: string): FastifyReply {
  return reply.code(code).send([{ code, description }]);
}

async function currentContent<T>(db: Database, type: string, parse: (data: unknown) => T | null): Promise<T[]> {
  const rows = await db.selectFrom('content_current').select('data').where('type', '=', type).execute();
  return rows.map((r) => parse(JSON.parse(r.data))).filter((v): v is T => v !== null);
}

const parseWith =
  <T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false } }) =>
  (v: unknown): T | null => {
    const r = schema.safeParse(v);
    return r.success ? r.data : null;
  };

/** "Архангай, Эрдэнэбулган" from the published places (the aimag list when a soum is unknown). */
function placeNamer(places: readonly Place[]): (aimag: string | null, soum: string | null) => string {
  const byId = new Map(places.map((p) => [p.id, p]));
  return (aimag, soum) => {
    if (aimag === null) return '';
    const place = byId.get(aimag);
    const aimagName = place ? pickText(place.name, 'mn') : (AIMAGS[aimag]?.mn ?? aimag);
    const soumPlace = soum === null ? undefined : place?.soums.find((s) => s.id === soum);
    return soumPlace ? `${aimagName}, ${pickText(soumPlace.name, 'mn')}` : aimagName;
  };
}

/** The end of a Mongolian day (UTC+8) as an ISO time with its offset. */
const endOfMongolianDay = (isoDate: string) => `${isoDate}T23:59:59${MONGOLIA_UTC_OFFSET}`;

/**
 * Open311 GeoReport v2, read-only, for petitions (`src-shared/open311.ts`), public like the
 * tracker and with nothing personal in it:
 * - `GET /open311/v2/services.json`: the petition categories;
 * - `GET /open311/v2/requests.json?start_date=&end_date=&status=&service_code=&service_request_id=`:
 *   petitions received in a range (by default the last 90 days), newest first, at most 1000;
 * - `GET /open311/v2/requests/:id.json`: one petition by its tracking number.
 */
export function registerOpen311Routes(app: FastifyInstance, deps: { db: Database; now: () => Date }): void {
  const { db } = deps;

  app.get(`${OPEN311_PREFIX}/services.json`, async (request, reply) => {
    const query = open311ServicesQuerySchema.safeParse(request.query);
    if (!query.success) return open311Error(reply, 400, formatZodIssues(query.error));
    const categories = await currentContent(db, 'petition-category', parseWith(petitionCategorySchema));
    const services: Open311Service[] = categories
      .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1))
      .map((c) => ({
        service_code: c.id,
        service_name: pickText(c.title, 'mn'),
        description: pickText(c.description, 'mn'),
        metadata: false,
        type: 'realtime',
        keywords: [c.title.en, c.id].filter(Boolean).join(', '),
        group: 'Өргөдөл, гомдол (11-11)',
      }));
    return reply.header('cache-control', 'public, max-age=300').send(services);
  });

  /** The petitions matching a filter, as Open311 requests. */
  async function requests(filter: {
    ids?: readonly string[];
    from?: string;
    to?: string;
    status?: 'open' | 'closed';
    codes?: readonly string[];
  }): Promise<Open311Request[]> {
    const terminal = [...TERMINAL_STATUSES];
    const rows = await db
      .selectFrom('submissions as s')
      .innerJoin('kiosks as k', 'k.id', 's.kiosk_id')
      .select([
        's.tracking_no',
        's.petition_category',
        's.status',
        's.status_at',
        's.received_at',
        's.due_date',
        's.agency_id',
        'k.aimag_code',
        'k.soum_code',
      ])
      .where('s.kind', '=', 'petition')
      .$if(filter.ids !== undefined, (qb) => qb.where('s.tracking_no', 'in', filter.ids!))
      .$if(filter.from !== undefined, (qb) => qb.where('s.received_at', '>=', filter.from!))
      .$if(filter.to !== undefined, (qb) => qb.where('s.received_at', '<=', filter.to!))
      .$if(filter.status === 'open', (qb) => qb.where('s.status', 'not in', terminal))
      .$if(filter.status === 'closed', (qb) => qb.where('s.status', 'in', terminal))
      .$if(filter.codes !== undefined, (qb) => qb.where('s.petition_category', 'in', filter.codes!))
      .orderBy('s.received_at', 'desc')
      .orderBy('s.id', 'desc')
      .limit(OPEN311_MAX_REQUESTS)
      .execute();
    const categories = new Map<string, PetitionCategory>(
      (await currentContent(db, 'petition-category', parseWith(petitionCategorySchema))).map((c) => [c.id, c]),
    );
    const placeName = placeNamer(await currentContent(db, 'place', parseWith(placeSchema)));
    return rows.map((row) => {
      const category = row.petition_category === null ? undefined : categories.get(row.petition_category);
      const status = row.status as SubmissionStatus;
      return {
        service_request_id: row.tracking_no,
        status: TERMINAL_STATUSES.has(status) ? 'closed' : 'open',
        status_notes: STATUS_NOTES[status] ?? row.status,
        service_name: category ? pickText(category.title, 'mn') : (row.petition_category ?? ''),
        service_code: row.petition_category ?? '',
        agency_responsible: row.agency_id ?? '',
        requested_datetime: row.received_at,
        updated_datetime: row.status_at,
        expected_datetime: row.due_date === null ? null : endOfMongolianDay(row.due_date),
        address: placeName(row.aimag_code, row.soum_code),
        address_id: row.soum_code ?? row.aimag_code ?? '',
      };
    });
  }

  app.get(`${OPEN311_PREFIX}/requests.json`, async (request, reply) => {
    const query = open311RequestsQuerySchema.safeParse(request.query);
    if (!query.success) return open311Error(reply, 400, formatZodIssues(query.error));
    const q = query.data;
    const codes = q.service_code?.split(',');
    if (q.service_request_id !== undefined) {
      return reply.header('cache-control', 'no-store').send(await requests({ ids: q.service_request_id.split(',') }));
    }
    const to = q.end_date === undefined ? deps.now() : new Date(q.end_date);
    const from =
      q.start_date === undefined ? new Date(to.getTime() - OPEN311_DEFAULT_DAYS * 86_400_000) : new Date(q.start_date);
    const found = await requests({
      from: from.toISOString(),
      to: to.toISOString(),
      status: q.status,
      codes,
    });
    return reply.header('cache-control', 'no-store').send(found);
  });

  app.get(`${OPEN311_PREFIX}/requests/:id.json`, async (request, reply) => {
    const params = open311RequestParamsSchema.safeParse(request.params);
    if (!params.success) return open311Error(reply, 400, `not a tracking number: ${formatZodIssues(params.error)}`);
    const found = await requests({ ids: [params.data.id] });
    if (found.length === 0) return open311Error(reply, 404, `no petition has tracking number ${params.data.id}`);
    return reply.header('cache-control', 'no-store').send(found);
  });
}
