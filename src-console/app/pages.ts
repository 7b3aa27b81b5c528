import type { OperatorRole } from '../../src-shared/console/console-api.js';

/**
 * The console's pages and who sees them in the menu. The server decides what each role may do
 * (src-server/console/policy.ts); this only keeps the menu to what a role can use.
 */
export const PAGES = ['cases', 'kiosks', 'report', 'publishing', 'audit', 'operators'] as const;
export type PageId = (typeof PAGES)[number];

export const PAGE_ROLES: Readonly<Record<PageId, readonly OperatorRole[]>> = {
  cases: ['admin', 'aimag_operator', 'agency_handler', 'auditor'],
  kiosks: ['admin', 'aimag_operator', 'auditor'],
  report: ['admin', 'aimag_operator', 'auditor'],
  publishing: ['admin', 'publisher', 'auditor'],
  audit: ['admin', 'auditor'],
  operators: ['admin', 'auditor'],
};

export function pagesFor(role: OperatorRole): PageId[] {
  return PAGES.filter((page) => PAGE_ROLES[page].includes(role));
}

export function mayUse(role: OperatorRole, page: PageId): boolean {
  return PAGE_ROLES[page].includes(role);
}
