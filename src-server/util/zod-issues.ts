import type { z } from 'zod';

const MAX_ISSUES = 10;

/**
 * One line naming each problem by its path (`items.0.trackingNo: ...`), so whoever sent the
 * bad input (a kiosk developer, an operator's content file) can find it without guessing.
 */
export function formatZodIssues(error: z.ZodError): string {
  const lines = error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  const more = error.issues.length - MAX_ISSUES;
  if (more > 0) lines.push(`…and ${more} more`);
  return lines.join('; ');
}
