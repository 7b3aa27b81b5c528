import type { LocalizedText } from '../../src-shared/schemas/localized-text.js';
import { compiledQuery } from '../db/compiled-query.js';
import type { Database } from '../db/database.js';
import { sha256Hex } from '../util/canonical-json.js';

/** The kiosk a request was authenticated as. */
export interface AuthenticatedKiosk {
  id: number;
  kioskCode: string;
  /** When the kiosk was first registered: nothing it sends can be older (less a day of clock slack). */
  registeredAt?: string;
  /** How it is used ('kiosk' or 'library'), so its submissions' `channel` can be checked; null: not known. */
  presentation?: 'kiosk' | 'library' | null;
  /** The staff ids that may open assisted mode on it; null: not known. */
  staffIds?: readonly string[] | null;
  /** When the centre revoked it (migration 0011); its requests are then refused with 403. */
  revokedAt?: string | null;
}

/**
 * Credentials are stored only as their SHA-256: they are long random secrets, so a plain hash
 * suffices (no password stretching), and a database leak does not let anyone act as a kiosk.
 */
export function hashCredential(credential: string): string {
  return sha256Hex(credential);
}

export async function findKioskByCredential(db: Database, credential: string): Promise<AuthenticatedKiosk | undefined> {
  const [row] = await kioskByCredentialHash(db, hashCredential(credential));
  return (
    row && {
      id: row.id,
      kioskCode: row.kiosk_code,
      registeredAt: row.created_at,
      presentation: row.presentation,
      staffIds: row.staff_ids === null ? null : (JSON.parse(row.staff_ids) as string[]),
      revokedAt: row.revoked_at,
    }
  );
}

/** A kiosk enrolled with its own key, by the row a token names (`kiosks/kiosk-tokens.ts`). */
export async function findKioskById(
  db: Database,
  id: number,
): Promise<(AuthenticatedKiosk & { publicKey: string | null }) | undefined> {
  const row = await db
    .selectFrom('kiosks')
    .select(['id', 'kiosk_code', 'created_at', 'presentation', 'staff_ids', 'revoked_at', 'public_key'])
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      kioskCode: row.kiosk_code,
      registeredAt: row.created_at,
      presentation: row.presentation,
      staffIds: row.staff_ids === null ? null : (JSON.parse(row.staff_ids) as string[]),
      revokedAt: row.revoked_at,
      publicKey: row.public_key,
    }
  );
}

/** Every request of a kiosk whose credential this process does not remember (`http/kiosk-auth.ts`). */
const kioskByCredentialHash = compiledQuery((db, hash: string) =>
  db
    .selectFrom('kiosks')
    .select(['id', 'kiosk_code', 'created_at', 'presentation', 'staff_ids', 'revoked_at'])
    .where('credential_hash', '=', hash),
);

export interface KioskRegistration {
  kioskCode: string;
  name: LocalizedText;
  credential: string;
  /** National statistics codes of where the kiosk stands (kiosk config `place`). */
  place?: { aimag: string; soum: string };
  /** How it is used and who may assist on it (kiosk config `presentation`, `staff[].id`). */
  use?: { presentation: 'kiosk' | 'library'; staffIds: readonly string[] };
}

export class KioskRegistrationError extends Error {
  override readonly name = 'KioskRegistrationError';
}

/**
 * Creates the kiosk, or updates its name and credential when its code is already known
 * (re-provisioning replaces a leaked credential). Refuses a credential another kiosk uses,
 * since the credential alone decides which kiosk a request comes from.
 */
export async function registerKiosk(
  db: Database,
  kiosk: KioskRegistration,
  now: Date = new Date(),
): Promise<AuthenticatedKiosk & { created: boolean }> {
  const credentialHash = hashCredential(kiosk.credential);
  const { place, use } = kiosk;
  return db.transaction().execute(async (trx) => {
    const holder = await trx
      .selectFrom('kiosks')
      .select('kiosk_code')
      .where('credential_hash', '=', credentialHash)
      .executeTakeFirst();
    if (holder && holder.kiosk_code !== kiosk.kioskCode) {
      throw new KioskRegistrationError(`This credential is already used by kiosk ${holder.kiosk_code}`);
    }
    const existing = await trx
      .selectFrom('kiosks')
      .select('id')
      .where('kiosk_code', '=', kiosk.kioskCode)
      .executeTakeFirst();
    const row = await trx
      .insertInto('kiosks')
      .values({
        kiosk_code: kiosk.kioskCode,
        credential_hash: credentialHash,
        name: JSON.stringify(kiosk.name),
        created_at: now.toISOString(),
        ...(place && { aimag_code: place.aimag, soum_code: place.soum }),
        ...(use && { presentation: use.presentation, staff_ids: JSON.stringify([...use.staffIds]) }),
      })
      .onConflict((oc) =>
        oc.column('kiosk_code').doUpdateSet((eb) => ({
          credential_hash: eb.ref('excluded.credential_hash'),
          name: eb.ref('excluded.name'),
          // A kiosk that moved is re-provisioned with its new place; without one it keeps its own.
          ...(place && { aimag_code: eb.ref('excluded.aimag_code'), soum_code: eb.ref('excluded.soum_code') }),
          ...(use && { presentation: eb.ref('excluded.presentation'), staff_ids: eb.ref('excluded.staff_ids') }),
        })),
      )
      .returning(['id', 'kiosk_code'])
      .executeTakeFirstOrThrow();
    return { id: row.id, kioskCode: row.kiosk_code, created: existing === undefined };
  });
}
