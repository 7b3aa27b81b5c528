import { foldTerm, tokenize } from '../../../src-shared/rules/search-fold.js';
import type { Contract } from '../../../src-shared/schemas/open-data.js';

/**
 * "Contracts": search over an aimag's procurement contracts by the words of their title, buyer
 * and suppliers, typed in Cyrillic or Latin (folded as the kiosk's other searches are), and a
 * contract's story from tender to payments. Pure, measured by the transparency bench.
 */

/** The folded words a query asks for; one-letter words would match nearly everything. */
export function searchTerms(query: string): string[] {
  return [...new Set(tokenize(query).map(foldTerm))].filter((t) => t.length >= 2);
}

/** Every word of some fields, folded once, between spaces: a term matches inside any word. */
export function foldedWords(parts: readonly string[]): string {
  return ` ${[...new Set(tokenize(parts.join(' ')).map(foldTerm))].join(' ')} `;
}

export interface ContractIndex {
  /** Newest first (the date of the latest stage), then the largest. */
  contracts: Contract[];
  folded: string[];
}

/** The date a contract last moved: signed, else awarded, else announced. */
export function latestDate(c: Contract): string {
  return c.contractDate ?? c.awardDate ?? c.tenderDate ?? '';
}

/** Folds every contract once (opening the screen), so each keystroke only compares strings. */
export function indexContracts(contracts: readonly Contract[]): ContractIndex {
  const sorted = [...contracts].sort(
    (a, b) => latestDate(b).localeCompare(latestDate(a)) || b.value - a.value || a.id.localeCompare(b.id),
  );
  return { contracts: sorted, folded: sorted.map((c) => foldedWords([c.title, c.buyer, ...c.suppliers])) };
}

/** The contracts whose title, buyer or suppliers hold every word of the query; all of them for an empty query. */
export function searchContracts(index: ContractIndex, query: string): Contract[] {
  const terms = searchTerms(query);
  if (terms.length === 0) return query.trim() === '' ? index.contracts : [];
  return index.contracts.filter((_, i) => terms.every((t) => index.folded[i]!.includes(t)));
}

/** One step of a contract's story, in the order things happened. */
export type ContractStep =
  | { kind: 'tender'; date: string; method: string | null }
  | { kind: 'award'; date: string; suppliers: string[] }
  | { kind: 'contract'; date: string; value: number }
  | { kind: 'milestone'; date: string | null; title: string; status: string | null }
  | { kind: 'payment'; date: string; amount: number; paidSoFar: number };

export interface ContractStory {
  steps: ContractStep[];
  paid: number;
  /** Paid as a share of the contract's value, in whole per cent (null for a value of 0). */
  paidPercent: number | null;
}

/**
 * Tender, award and signature (each when its date is known), then milestones and payments by
 * date (a milestone without a date after the dated ones); each payment says how much has been
 * paid up to it.
 */
export function contractStory(c: Contract): ContractStory {
  const head: ContractStep[] = [];
  if (c.tenderDate) head.push({ kind: 'tender', date: c.tenderDate, method: c.method });
  if (c.awardDate) head.push({ kind: 'award', date: c.awardDate, suppliers: c.suppliers });
  if (c.contractDate) head.push({ kind: 'contract', date: c.contractDate, value: c.value });
  let paid = 0;
  const payments = [...c.payments]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((p): ContractStep => {
      paid += p.amount;
      return { kind: 'payment', date: p.date, amount: p.amount, paidSoFar: paid };
    });
  const milestones = c.milestones.map((m): ContractStep => ({
    kind: 'milestone',
    date: m.dueDate,
    title: m.title,
    status: m.status,
  }));
  // Stable: on the same day a milestone comes before the payment it released.
  const tail = [...milestones, ...payments].sort((a, b) => {
    if (a.date === null || b.date === null) return a.date === null ? (b.date === null ? 0 : 1) : -1;
    return a.date.localeCompare(b.date);
  });
  return {
    steps: [...head, ...tail],
    paid,
    paidPercent: c.value > 0 ? Math.round((paid / c.value) * 100) : null,
  };
}
