import type { Declaration } from '../../../src-shared/schemas/open-data.js';
import { foldedWords, searchTerms } from './contracts.js';

/**
 * "Officials' declarations": search by an official's name or organisation (or position). Only
 * the public fields exist in a record (`declarationSchema`), so nothing else can be shown.
 */
export interface DeclarationIndex {
  /** By name, then the newest year first. */
  declarations: Declaration[];
  folded: string[];
}

export function indexDeclarations(declarations: readonly Declaration[], collator: Intl.Collator): DeclarationIndex {
  const sorted = [...declarations].sort(
    (a, b) => collator.compare(a.name, b.name) || b.year - a.year || a.id.localeCompare(b.id),
  );
  return { declarations: sorted, folded: sorted.map((d) => foldedWords([d.name, d.organisation, d.position])) };
}

/** Declarations whose name, organisation or position hold every word of the query; none for an empty query. */
export function searchDeclarations(index: DeclarationIndex, query: string): Declaration[] {
  const terms = searchTerms(query);
  if (terms.length === 0) return [];
  return index.declarations.filter((_, i) => terms.every((t) => index.folded[i]!.includes(t)));
}
