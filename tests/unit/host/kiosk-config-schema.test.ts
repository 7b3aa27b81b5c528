import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { KIOSK_CONFIG_SCHEMA_FILE, kioskConfigSchemaText } from '../../../scripts/write-kiosk-config-schema.js';

describe('kiosk-config/schema.json', () => {
  it('is what the zod schema gives today (regenerate it with npm run kiosk-config-schema)', async () => {
    expect(await readFile(KIOSK_CONFIG_SCHEMA_FILE, 'utf8')).toBe(kioskConfigSchemaText());
  });
});
