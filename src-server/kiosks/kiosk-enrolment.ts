import { createHash, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  ENROLMENT_CODE_ALPHABET,
  ENROLMENT_CODE_LENGTH,
  normalizeEnrolmentCode,
  type EnrolRequest,
  type EnrolResponse,
  type KioskMode,
  type KioskPins,
} from '../../src-shared/schemas/enrolment.js';
import { parseTrackingNumber } from '../../src-shared/rules/tracking-number.js';
import { appendAudit, type AuditEvent } from '../audit/audit-log.js';
import { auditedTransaction } from '../db/audit-chain-lock.js';
import type { Database } from '../db/database.js';
import type { DatabaseSchema } from '../db/schema.js';
import { hashCredential } from './kiosk-registry.js';

/** How long an enrolment code may be used: one hour (issue 17). */
export const ENROLMENT_CODE_LIFETIME_MS = 60 * 60_000;

export type EnrolErrorCode = 'unknown_code' | 'code_used' | 'code_expired' | 'key_in_use' | 'legacy_mismatch';
export const ENROL_ERROR_STATUS: Record<EnrolErrorCode, number> = {
  unknown_code: 404,
  code_used: 409,
  code_expired: 410,
  key_in_use: 409,
  legacy_mismatch: 403,
};

export class EnrolmentError extends Error {
  override readonly name = 'EnrolmentError';
  constructor(
    readonly code: EnrolErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export class KioskNotFoundError extends Error {
  override readonly name = 'KioskNotFoundError';
}

type Actor = AuditEvent['actor'];

export interface NewEnrolmentCode {
  aimag: string;
  soum: string;
  place: string;
  mode: KioskMode;
}

function codeHash(code: string): string {
  return createHash('sha256').update(`enrolment-code:${code}`).digest('hex');
}

/**
 * The credential hash an enrolled kiosk's row holds: the column is unique and not null, and this
 * (not a hex SHA-256 of anything a kiosk could send) means "no shared credential works here".
 */
function keyOnlyCredentialHash(publicKey: string): string {
  return `key:${createHash('sha256').update(publicKey).digest('hex')}`;
}

/** A fresh code of ENROLMENT_CODE_LENGTH symbols from the unambiguous alphabet. */
export function newEnrolmentCode(): string {
  let code = '';
  for (let i = 0; i < ENROLMENT_CODE_LENGTH; i++)
    code += ENROLMENT_CODE_ALPHABET[randomInt(ENROLMENT_CODE_ALPHABET.length)];
  return code;
}

/**
 * Makes a one-time code for one kiosk at `place`, valid an hour; only its hash is stored, and
 * making it is audited (who, for where) without the code itself.
 */
export async function makeEnrolmentCode(
  db: Database,
  request: NewEnrolmentCode,
  ctx: { actor: Actor; ip?: string | null; now: Date },
): Promise<{ code: string; expiresAt: string }> {
  if (!/^\d{2}$/.test(request.aimag)) throw new RangeError('aimag: the 2-digit national statistics code, e.g. 83');
  if (!/^\d{4}$/.test(request.soum) || !request.soum.startsWith(request.aimag)) {
    throw new RangeError('soum: the 4-digit national statistics code within the aimag, e.g. 8301');
  }
  const place = request.place.trim();
  if (place.length === 0 || place.length > 200) throw new RangeError('place: the kiosk’s place, 1 to 200 characters');
  const code = newEnrolmentCode();
  const expiresAt = new Date(ctx.now.getTime() + ENROLMENT_CODE_LIFETIME_MS).toISOString();
  await auditedTransaction(db, async (trx) => {
    await trx
      .insertInto('enrolment_codes')
      .values({
        code_hash: codeHash(code),
        aimag_code: request.aimag,
        soum_code: request.soum,
        place,
        mode: request.mode,
        created_at: ctx.now.toISOString(),
        created_by: ctx.actor?.login ?? 'cli',
        expires_at: expiresAt,
      })
      .execute();
    await appendAudit(
      trx,
      {
        action: 'kiosk.enrolment_code',
        outcome: 'ok',
        actor: ctx.actor,
        target: request.soum,
        ip: ctx.ip ?? null,
        details: { aimag: request.aimag, soum: request.soum, place, mode: request.mode, expiresAt },
      },
      ctx.now,
    );
  });
  return { code, expiresAt };
}

/** The first free 4-digit kiosk code from the soum's own code on (kiosk codes name the soum when they can). */
async function freeKioskCode(trx: Kysely<DatabaseSchema>, soum: string): Promise<string> {
  const taken = new Set((await trx.selectFrom('kiosks').select('kiosk_code').execute()).map((r) => r.kiosk_code));
  const start = Number(soum);
  for (let i = 0; i < 9000; i++) {
    const candidate = String(1000 + ((start - 1000 + i) % 9000));
    if (!taken.has(candidate)) return candidate;
  }
  throw new Error('every kiosk code from 1000 to 9999 is taken');
}

/** The highest tracking sequence this kiosk has ever sent (0 if none). */
async function highestSequence(trx: Kysely<DatabaseSchema>, kioskId: number): Promise<number> {
  const rows = await trx.selectFrom('submissions').select('tracking_no').where('kiosk_id', '=', kioskId).execute();
  let highest = 0;
  for (const { tracking_no } of rows) {
    const parsed = parseTrackingNumber(tracking_no);
    if (parsed.ok && parsed.value.sequence > highest) highest = parsed.value.sequence;
  }
  return highest;
}

export function parsePins(json: string | null, version: number): KioskPins | undefined {
  if (json === null || version < 1) return undefined;
  const pins = JSON.parse(json) as Omit<KioskPins, 'version'>;
  return { ...pins, version };
}

export interface ServerPublicKeys {
  contentPublicKey: string;
  submissionPublicKey: string;
}

/**
 * Uses a one-time code: the same machine (its public key already known) or an old-way kiosk
 * (proved by its shared credential) keeps its kiosk row and code, so its queue and tracking
 * sequence carry on; any other key gets a new kiosk with the first free code from the soum's.
 * The code is spent in the same transaction, so two kiosks racing with one code cannot both win.
 */
export async function enrolKiosk(
  db: Database,
  request: EnrolRequest,
  keys: ServerPublicKeys,
  ctx: { ip?: string | null; now: Date },
): Promise<EnrolResponse & { kioskId: number; created: boolean }> {
  const code = normalizeEnrolmentCode(request.code);
  if (code === null) throw new EnrolmentError('unknown_code', 'This is not an enrolment code');
  return auditedTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('enrolment_codes')
      .selectAll()
      .where('code_hash', '=', codeHash(code))
      .executeTakeFirst();
    if (!row) throw new EnrolmentError('unknown_code', 'No such enrolment code');
    if (row.used_at !== null) throw new EnrolmentError('code_used', 'This enrolment code has already been used');
    if (row.expires_at <= ctx.now.toISOString())
      throw new EnrolmentError('code_expired', 'This enrolment code has expired');

    const mode = row.mode as KioskMode;
    const name = { mn: row.place };
    const common = {
      public_key: request.publicKey,
      credential_hash: keyOnlyCredentialHash(request.publicKey),
      name: JSON.stringify(name),
      aimag_code: row.aimag_code,
      soum_code: row.soum_code,
      mode,
      presentation: mode === 'library' ? ('library' as const) : ('kiosk' as const),
      revoked_at: null,
    };
    const sameMachine = await trx
      .selectFrom('kiosks')
      .select(['id', 'kiosk_code'])
      .where('public_key', '=', request.publicKey)
      .executeTakeFirst();
    let kiosk: { id: number; kiosk_code: string };
    let created = false;
    if (sameMachine) {
      kiosk = sameMachine;
    } else if (request.legacy) {
      const old = await trx
        .selectFrom('kiosks')
        .select(['id', 'kiosk_code', 'public_key'])
        .where('kiosk_code', '=', request.legacy.kioskCode)
        .where('credential_hash', '=', hashCredential(request.legacy.credential))
        .executeTakeFirst();
      if (!old) throw new EnrolmentError('legacy_mismatch', 'The kiosk’s old credential does not match its kiosk code');
      kiosk = old;
    } else {
      kiosk = await trx
        .insertInto('kiosks')
        .values({ ...common, kiosk_code: await freeKioskCode(trx, row.soum_code), created_at: ctx.now.toISOString() })
        .returning(['id', 'kiosk_code'])
        .executeTakeFirstOrThrow();
      created = true;
    }
    if (!created) await trx.updateTable('kiosks').set(common).where('id', '=', kiosk.id).execute();
    const spent = await trx
      .updateTable('enrolment_codes')
      .set({ used_at: ctx.now.toISOString(), used_by_kiosk_id: kiosk.id })
      .where('code_hash', '=', row.code_hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (spent.numUpdatedRows !== 1n) throw new EnrolmentError('code_used', 'This enrolment code has already been used');
    const pinsRow = await trx
      .selectFrom('kiosks')
      .select(['pins', 'pins_version'])
      .where('id', '=', kiosk.id)
      .executeTakeFirstOrThrow();
    await appendAudit(
      trx,
      {
        action: 'kiosk.enrol',
        outcome: 'ok',
        actor: null,
        target: kiosk.kiosk_code,
        ip: ctx.ip ?? null,
        details: { created, legacy: request.legacy !== undefined && !sameMachine, mode, soum: row.soum_code },
      },
      ctx.now,
    );
    const pins = parsePins(pinsRow.pins, pinsRow.pins_version);
    return {
      kioskId: kiosk.id,
      created,
      kioskCode: kiosk.kiosk_code,
      name,
      place: { aimag: row.aimag_code, soum: row.soum_code, location: name },
      mode,
      contentPublicKey: keys.contentPublicKey,
      submissionPublicKey: keys.submissionPublicKey,
      sequenceFloor: await highestSequence(trx, kiosk.id),
      ...(pins ? { pins } : {}),
    };
  });
}

/**
 * Takes a kiosk out of service: every request it makes is refused (403 `kiosk_revoked`) until it
 * is enrolled again. Nothing it sent is touched; its queue stays on the kiosk.
 */
export async function revokeKiosk(
  db: Database,
  kioskCode: string,
  ctx: { actor: Actor; ip?: string | null; now: Date },
): Promise<{ kioskCode: string; revokedAt: string }> {
  return auditedTransaction(db, async (trx) => {
    const at = ctx.now.toISOString();
    const done = await trx
      .updateTable('kiosks')
      .set({ revoked_at: at })
      .where('kiosk_code', '=', kioskCode)
      .returning('kiosk_code')
      .executeTakeFirst();
    if (!done) throw new KioskNotFoundError(`No kiosk ${kioskCode}`);
    await appendAudit(
      trx,
      { action: 'kiosk.revoke', outcome: 'ok', actor: ctx.actor, target: kioskCode, ip: ctx.ip ?? null },
      ctx.now,
    );
    return { kioskCode, revokedAt: at };
  });
}

export interface NewKioskPins {
  technicianPinHash?: string;
  staff: { id: string; name: string; pinHash: string }[];
}

/**
 * Stores PINs set at the centre, already hashed (`kiosk-pins.ts`), and bumps their version; the
 * kiosk gets them with its next token or enrolment answer. Audited without the hashes.
 */
export async function setKioskPins(
  db: Database,
  kioskCode: string,
  pins: NewKioskPins,
  ctx: { actor: Actor; ip?: string | null; now: Date },
): Promise<{ kioskCode: string; version: number }> {
  return auditedTransaction(db, async (trx) => {
    const kiosk = await trx
      .selectFrom('kiosks')
      .select(['id', 'pins_version'])
      .where('kiosk_code', '=', kioskCode)
      .executeTakeFirst();
    if (!kiosk) throw new KioskNotFoundError(`No kiosk ${kioskCode}`);
    const version = kiosk.pins_version + 1;
    await trx
      .updateTable('kiosks')
      .set({
        pins: JSON.stringify(pins),
        pins_version: version,
        staff_ids: JSON.stringify(pins.staff.map((s) => s.id)),
      })
      .where('id', '=', kiosk.id)
      .execute();
    await appendAudit(
      trx,
      {
        action: 'kiosk.pins',
        outcome: 'ok',
        actor: ctx.actor,
        target: kioskCode,
        ip: ctx.ip ?? null,
        details: { version, technician: pins.technicianPinHash !== undefined, staff: pins.staff.map((s) => s.id) },
      },
      ctx.now,
    );
    return { kioskCode, version };
  });
}
