import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { kioskConfigSchema } from '../src-shared/schemas/kiosk-config.js';

/**
 * Regenerates `kiosk-config/schema.json` from the zod schema (the input side, so defaults are
 * optional), giving technicians editor completion and checks in the provisioning files.
 * Run: `npm run kiosk-config-schema`. A unit test (tests/unit/host/kiosk-config-schema.test.ts)
 * fails when the committed file is not what this writes.
 */
export const KIOSK_CONFIG_SCHEMA_FILE = fileURLToPath(new URL('../kiosk-config/schema.json', import.meta.url));

/** The file's text, exactly as committed. */
export function kioskConfigSchemaText(): string {
  return `${JSON.stringify(z.toJSONSchema(kioskConfigSchema, { io: 'input' }), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(KIOSK_CONFIG_SCHEMA_FILE, kioskConfigSchemaText());
  console.log(`wrote ${KIOSK_CONFIG_SCHEMA_FILE}`);
}
