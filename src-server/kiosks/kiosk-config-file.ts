import { readFile } from 'node:fs/promises';
import { kioskConfigSchema, type KioskConfig } from '../../src-shared/schemas/kiosk-config.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';
import { registerKiosk, type AuthenticatedKiosk } from './kiosk-registry.js';
import type { Database } from '../db/database.js';

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

/** Registers (or re-registers) the kiosk a provisioning file describes, so it can authenticate. */
export async function registerKioskFromConfigFile(
  db: Database,
  file: string,
): Promise<AuthenticatedKiosk & { created: boolean }> {
  const config = await readKioskConfigFile(file);
  return registerKiosk(db, {
    kioskCode: config.kioskCode,
    name: config.name,
    credential: config.server.credential,
    place: { aimag: config.place.aimag, soum: config.place.soum },
  });
}
