/**
 * JSON with object keys sorted at every depth (undefined members dropped), so two values that
 * mean the same thing give the same text whatever order they were written in. The server signs
 * the canonical text of each content page; the kiosk re-derives it from the parsed page and
 * verifies, so no byte-exact copy of the body has to travel. Also used for idempotency hashes.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
