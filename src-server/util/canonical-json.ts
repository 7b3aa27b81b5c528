import { createHash } from 'node:crypto';

export { canonicalJson } from '../../src-shared/canonical-json.js';

/** Hex SHA-256 of a string (UTF-8). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
