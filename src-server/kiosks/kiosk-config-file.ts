import { readFile } from 'node:fs/promises';
import { kioskConfigSchema, type KioskConfig } from '../../src-shared/schemas/kiosk-config.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';
import { hashCredential, registerKiosk, type AuthenticatedKiosk } from './kiosk-registry.js';
import type { Database } from '../db/database.js';
import { ConfigError } from '../config.js';
import { DEMO_VALUES } from '../../src-shared/demo-values.js';

/** Reads and validates a kiosk provisioning file; errors name the file and the bad field. */
export async function readKioskConfigFile(file: string): Promise<KioskConfig> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read kiosk config ${file}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  const parsed = kioskConfigSchema.safeParse(json);
  if (!parsed.success) throw new Error(`Invalid kiosk config ${file}: ${formatZodIssues(parsed.error)}`);
  return parsed.data;
}

const DEMO_CREDENTIAL_ADVICE =
  'Give each kiosk its own credential (at least 24 random characters, e.g. `openssl rand -base64 32`) in its ' +
  'config and register it again, or run a demonstration with TSONKH_DEMO=1.';

/**
 * Registers (or re-registers) the kiosk a provisioning file describes, so it can authenticate.
 * Outside demo mode the demo kiosk's public credential is refused: anyone could push as that kiosk.
 */
export async function registerKioskFromConfigFile(
  db: Database,
  file: string,
  options: { demo: boolean },
): Promise<AuthenticatedKiosk & { created: boolean }> {
  const config = await readKioskConfigFile(file);
  if (!options.demo && config.server.credential === DEMO_VALUES.kioskCredential) {
    throw new ConfigError(
      `${file}: server.credential is the public demo credential from kiosk-config/example.json. ${DEMO_CREDENTIAL_ADVICE}`,
    );
  }
  return registerKiosk(db, {
    kioskCode: config.kioskCode,
    name: config.name,
    credential: config.server.credential,
    place: { aimag: config.place.aimag, soum: config.place.soum },
    use: { presentation: config.presentation, staffIds: config.staff.map((s) => s.id) },
  });
}

/**
 * Outside demo mode, a server whose database still has a kiosk with the demo credential (left
 * from a demonstration) refuses to start: throws a ConfigError naming the kiosks.
 */
export async function refuseDemoCredential(db: Database): Promise<void> {
  const rows = await db
    .selectFrom('kiosks')
    .select('kiosk_code')
    .where('credential_hash', '=', hashCredential(DEMO_VALUES.kioskCredential))
    .execute();
  if (rows.length === 0) return;
  throw new ConfigError(
    `kiosk ${rows.map((r) => r.kiosk_code).join(', ')} is registered with the public demo credential from ` +
      `kiosk-config/example.json: anyone could push submissions as it. ${DEMO_CREDENTIAL_ADVICE}`,
  );
}
