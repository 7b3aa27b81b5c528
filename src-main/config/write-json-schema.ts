import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { kioskConfigSchema } from '../../src-shared/schemas/kiosk-config.js';
import { createLogger } from '../logger.js';

/**
 * Regenerates `kiosk-config/schema.json` from the zod schema (the input side, so defaults are
 * optional), giving technicians editor completion and checks in the provisioning files.
 * Run: `npx tsx src-main/config/write-json-schema.ts`.
 */
const target = fileURLToPath(new URL('../../kiosk-config/schema.json', import.meta.url));
const schema = z.toJSONSchema(kioskConfigSchema, { io: 'input' });
await writeFile(target, `${JSON.stringify(schema, null, 2)}\n`);
createLogger('config').info({ target }, 'wrote kiosk config JSON schema');
