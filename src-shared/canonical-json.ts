/**
 * JSON with object keys sorted at every depth (undefined members dropped, as JSON.stringify
 * does), so two values that mean the same thing give the same text whatever order they were
 * written in. The server signs the canonical text of each content page; the kiosk re-derives it
 * from the parsed page and verifies, so no byte-exact copy of the body has to travel. Also used
 * for idempotency hashes.
 *
 * The text is written directly, never through a rebuilt object: a member named `__proto__`
 * (which JSON.parse makes an own member) would otherwise set the copy's prototype and vanish from
 * the signed text, letting an injected member ride on a genuine signature.
 */
export function canonicalJson(value: unknown): string {
  return write(value, false) ?? 'null';
}

function write(value: unknown, inArray: boolean): string | undefined {
  // Objects are read by their own members only (a Date is `{}`), as ever: stored hashes stay valid.
  const v = value;
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return inArray ? 'null' : undefined;
  if (Array.isArray(v)) return `[${v.map((item) => write(item, true)).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const members: string[] = [];
    for (const key of Object.keys(v).sort()) {
      const text = write((v as Record<string, unknown>)[key], false);
      if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
    }
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(v);
}
