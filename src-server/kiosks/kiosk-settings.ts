import { sign } from 'node:crypto';
import { sql } from 'kysely';
import { canonicalJson } from '../../src-shared/canonical-json.js';
import {
  SETTINGS_REFUSED_EVENT,
  kioskSettingsSchema,
  type KioskSettings,
  type SettingsPayload,
  type SignedSettings,
} from '../../src-shared/schemas/kiosk-settings.js';
import type { ContentSigningKey } from '../content/signing.js';
import type { Database } from '../db/database.js';
import { auditedTransaction } from '../db/audit-chain-lock.js';
import { appendAudit, type AuditEvent } from '../audit/audit-log.js';

/**
 * Remote settings on the server (issue 17): versions kept forever in `kiosk_settings` (migration
 * 0012), one fleet-wide sequence of version numbers, a scope per version (`fleet`, `aimag:65`,
 * `kiosk:6501`). A kiosk runs the newest version of its most specific scope; it is delivered
 * signed with the content key in the answer to the kiosk's health report (the report it sends on
 * each sync run when one is due), and acknowledged by the `settingsVersion` of its next report.
 */

export const SCOPE_PATTERN = /^(fleet|aimag:\d{2}|kiosk:\d{4})$/;

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  constructor(
    readonly code: 'invalid_scope' | 'invalid_settings' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}

export interface SettingsVersion {
  version: number;
  scope: string;
  settings: KioskSettings;
  createdAt: string;
  createdBy: string;
  rollbackOf: number | null;
}

type Row = {
  id: number;
  scope: string;
  settings: string;
  created_at: string;
  created_by: string;
  rollback_of: number | null;
};

const toVersion = (r: Row): SettingsVersion => ({
  version: Number(r.id),
  scope: r.scope,
  settings: JSON.parse(r.settings) as KioskSettings,
  createdAt: r.created_at,
  createdBy: r.created_by,
  rollbackOf: r.rollback_of === null ? null : Number(r.rollback_of),
});

/** The scopes that apply to a kiosk, most specific first. */
export function scopesOf(kioskCode: string, aimagCode: string | null): string[] {
  return [`kiosk:${kioskCode}`, ...(aimagCode ? [`aimag:${aimagCode}`] : []), 'fleet'];
}

function checkScope(scope: string): void {
  if (!SCOPE_PATTERN.test(scope)) {
    throw new SettingsError('invalid_scope', `scope must be "fleet", "aimag:65" or "kiosk:6501", not "${scope}"`);
  }
}

/** Adds a version for `scope`; the settings are checked against the shared schema. */
export async function setSettings(
  db: Database,
  input: { scope: string; settings: unknown; by: Actor; now?: Date },
): Promise<SettingsVersion> {
  checkScope(input.scope);
  const parsed = kioskSettingsSchema.safeParse(input.settings);
  if (!parsed.success) {
    throw new SettingsError(
      'invalid_settings',
      parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; '),
    );
  }
  return insertVersion(db, input.scope, parsed.data, input.by, input.now ?? new Date(), null);
}

/**
 * Brings back the settings of an earlier version of the same scope, as a new (higher) version,
 * so every kiosk of the scope takes it as newer and nothing of the history is lost.
 */
export async function rollbackSettings(
  db: Database,
  input: { scope: string; to: number; by: Actor; now?: Date },
): Promise<SettingsVersion> {
  checkScope(input.scope);
  const row = await db
    .selectFrom('kiosk_settings')
    .selectAll()
    .where('id', '=', input.to)
    .where('scope', '=', input.scope)
    .executeTakeFirst();
  if (!row) throw new SettingsError('not_found', `no version ${input.to} for ${input.scope}`);
  const old = toVersion(row);
  return insertVersion(db, input.scope, old.settings, input.by, input.now ?? new Date(), old.version);
}

/** Who sets settings: an operator (id, login) or the command line (id null, `cli:<user>`); audited either way. */
export interface Actor {
  id: number | null;
  login: string;
  ip?: string | null;
}

/** Writes the version and its audit row in one transaction. */
async function insertVersion(
  db: Database,
  scope: string,
  settings: KioskSettings,
  by: Actor,
  now: Date,
  rollbackOf: number | null,
): Promise<SettingsVersion> {
  return auditedTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('kiosk_settings')
      .values({
        scope,
        settings: JSON.stringify(settings),
        created_at: now.toISOString(),
        created_by: by.login,
        rollback_of: rollbackOf,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const version = toVersion(row);
    const event: AuditEvent = {
      action: rollbackOf === null ? 'kiosk.settings.set' : 'kiosk.settings.rollback',
      outcome: 'ok',
      actor: by.id === null && by.login.startsWith('cli:') ? null : { id: by.id, login: by.login },
      target: scope,
      ip: by.ip ?? null,
      details: { version: version.version, ...(rollbackOf === null ? {} : { rollbackOf }), settings },
    };
    await appendAudit(trx, event, now);
    return version;
  });
}

/** Every version of the given scopes, newest first. */
export async function settingsHistory(db: Database, scopes: readonly string[], limit = 50): Promise<SettingsVersion[]> {
  const rows = await db
    .selectFrom('kiosk_settings')
    .selectAll()
    .where('scope', 'in', [...scopes])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toVersion);
}

/**
 * What a kiosk should run: the newest version of each of its scopes merged, the wider first
 * (fleet, then its aimag, then the kiosk itself), a narrower scope's setting winning. Its number is
 * the highest of those versions, so any change in any of its scopes (a rollback too) is newer.
 */
export interface EffectiveSettings {
  version: number;
  settings: KioskSettings;
  /** The versions merged, widest scope first. */
  from: number[];
}

type NewestRow = { id: number; scope: string; settings: string };

function merge(scopes: readonly string[], newest: ReadonlyMap<string, NewestRow>): EffectiveSettings | null {
  const rows = [...scopes]
    .reverse()
    .map((s) => newest.get(s))
    .filter((r): r is NewestRow => r !== undefined);
  if (rows.length === 0) return null;
  const settings = Object.assign({}, ...rows.map((r) => JSON.parse(r.settings) as KioskSettings)) as KioskSettings;
  const from = rows.map((r) => Number(r.id));
  return { version: Math.max(...from), settings, from };
}

async function newestOf(db: Database, scopes: readonly string[] | null): Promise<Map<string, NewestRow>> {
  let ids = db.selectFrom('kiosk_settings').select((eb) => eb.fn.max('id').as('id'));
  if (scopes !== null) ids = ids.where('scope', 'in', [...scopes]);
  const rows = await db
    .selectFrom('kiosk_settings')
    .select(['id', 'scope', 'settings'])
    .where('id', 'in', ids.groupBy('scope'))
    .execute();
  return new Map(rows.map((r) => [r.scope, r]));
}

/**
 * The same for the kiosk of a request (by its id): one query, its aimag's scope read inside it,
 * since the health report route asks for every report.
 */
export async function currentSettingsForKiosk(
  db: Database,
  kiosk: { id: number; kioskCode: string },
): Promise<EffectiveSettings | null> {
  const own = `kiosk:${kiosk.kioskCode}`;
  const rows = await db
    .selectFrom('kiosk_settings')
    .select(['id', 'scope', 'settings'])
    .where(
      'id',
      'in',
      db
        .selectFrom('kiosk_settings as s')
        .select((eb) => eb.fn.max('s.id').as('id'))
        .where((eb) =>
          eb.or([
            eb('s.scope', 'in', [own, 'fleet']),
            eb(
              's.scope',
              '=',
              eb
                .selectFrom('kiosks')
                .select(sql<string>`'aimag:' || aimag_code`.as('scope'))
                .where('id', '=', kiosk.id),
            ),
          ]),
        )
        .groupBy('s.scope'),
    )
    .execute();
  const aimag = rows.find((r) => r.scope.startsWith('aimag:'))?.scope.slice('aimag:'.length) ?? null;
  return merge(scopesOf(kiosk.kioskCode, aimag), new Map(rows.map((r) => [r.scope, r])));
}

export async function currentSettingsFor(
  db: Database,
  kiosk: { kioskCode: string; aimagCode: string | null },
): Promise<EffectiveSettings | null> {
  const scopes = scopesOf(kiosk.kioskCode, kiosk.aimagCode);
  return merge(scopes, await newestOf(db, scopes));
}

/** For the whole fleet at once (the fleet table): a lookup of each kiosk's settings from one query. */
export async function settingsResolver(
  db: Database,
): Promise<(kiosk: { kioskCode: string; aimagCode: string | null }) => EffectiveSettings | null> {
  const newest = await newestOf(db, null);
  return (kiosk) => merge(scopesOf(kiosk.kioskCode, kiosk.aimagCode), newest);
}

/** Signs `canonicalJson(payload)` with the content key, as content pages are signed. */
export function signSettings(payload: SettingsPayload, key: ContentSigningKey): SignedSettings {
  const signature = sign(null, Buffer.from(canonicalJson(payload), 'utf8'), key.privateKey).toString('base64');
  return { payload, signature, keyId: key.keyId };
}

/** The signed delivery of `version` to `kioskCode`. */
export function settingsDelivery(kioskCode: string, version: EffectiveSettings, key: ContentSigningKey, now: Date) {
  return signSettings(
    { kioskCode, version: version.version, settings: version.settings, signedAt: now.toISOString() },
    key,
  );
}

/**
 * A kiosk acknowledged `version`: if that version switches its mode, the server's record of how
 * the kiosk is used (which channels its submissions may name) follows.
 */
export async function acknowledgeSettings(db: Database, kioskId: number, version: EffectiveSettings): Promise<void> {
  const mode = version.settings.mode;
  if (mode === undefined) return;
  await db
    .updateTable('kiosks')
    .set({ presentation: mode })
    .where('id', '=', kioskId)
    .where((eb) => eb.or([eb('presentation', 'is', null), eb('presentation', '!=', mode)]))
    .execute();
}

export interface KioskSettingsView {
  kioskCode: string;
  /** The settings the kiosk should run (merged from its scopes); null: none set for it. */
  current: EffectiveSettings | null;
  /** The version its latest report says it runs; null: none or never reported. */
  acknowledged: number | null;
  /** The latest version it refused and why; null: none. */
  refused: { at: string; details: string } | null;
  /** Versions of its own scope and the wider ones, newest first. */
  history: SettingsVersion[];
}

/** What the console shows of one kiosk's settings; null: no such kiosk. */
export async function kioskSettingsView(db: Database, kioskCode: string): Promise<KioskSettingsView | null> {
  const kiosk = await db
    .selectFrom('kiosks as k')
    .leftJoin('kiosk_health as h', 'h.kiosk_id', 'k.id')
    .select(['k.id', 'k.kiosk_code', 'k.aimag_code', 'h.settings_version'])
    .where('k.kiosk_code', '=', kioskCode)
    .executeTakeFirst();
  if (!kiosk) return null;
  const ref = { kioskCode: kiosk.kiosk_code, aimagCode: kiosk.aimag_code };
  const [current, history, refused] = await Promise.all([
    currentSettingsFor(db, ref),
    settingsHistory(db, scopesOf(ref.kioskCode, ref.aimagCode)),
    db
      .selectFrom('kiosk_events')
      .select(['at', 'details'])
      .where('kiosk_id', '=', kiosk.id)
      .where('kind', '=', SETTINGS_REFUSED_EVENT)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return {
    kioskCode: kiosk.kiosk_code,
    current,
    acknowledged: kiosk.settings_version === null ? null : Number(kiosk.settings_version),
    refused: refused ?? null,
    history,
  };
}
