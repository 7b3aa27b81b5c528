import type { z } from 'zod';

/** Renders a zod path as people write it in JSON: `server.url`, `languages.1`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Drops a message's own `field:` prefix when the path already names that field. */
function withoutRepeatedField(message: string, path: readonly PropertyKey[]): string {
  const last = path.at(-1);
  const prefix = `${String(last)}: `;
  return last !== undefined && message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/**
 * One `<field path>: <problem>` line per problem, so whoever wrote the input (a technician
 * editing a kiosk file, a renderer developer) can go straight to the field. Given the raw
 * input, a field that is absent is called "is required" rather than zod's type wording, and
 * every unknown key gets its own line naming it.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input?: unknown): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) lines.push(`${formatIssuePath([...path, key])}: unknown key (not allowed here)`);
      continue;
    }
    const where = formatIssuePath(path) || '(top level)';
    const missing = input !== undefined && path.length > 0 && valueAt(input, path) === undefined;
    lines.push(`${where}: ${missing ? 'is required' : withoutRepeatedField(issue.message, path)}`);
  }
  return lines;
}

const MAX_ISSUES = 10;

/**
 * The same lines joined into one (at most ten, then "…and N more"), for an error answer or a
 * log: the one formatter the server, the kiosk host and the command-line tools share.
 */
export function formatZodIssues(error: z.ZodError, input?: unknown): string {
  const lines = describeIssues(error.issues, input);
  const more = lines.length - MAX_ISSUES;
  return [...lines.slice(0, MAX_ISSUES), ...(more > 0 ? [`…and ${more} more`] : [])].join('; ');
}
