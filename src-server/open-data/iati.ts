import { DOMParser } from '@xmldom/xmldom';
import {
  aimagCodeOf,
  amountOf,
  ImportCollector,
  isoDateOf,
  soumCodeOf,
  type ImportContext,
  type ImportFile,
  type ImportResult,
} from './import-report.js';

/** The part of a DOM element this importer reads (the server is built without the DOM's types). */
interface XmlElement {
  nodeType: number;
  tagName: string;
  textContent: string | null;
  childNodes: ArrayLike<unknown>;
  getAttribute(name: string): string | null;
}

/** IATI ActivityStatus codes. */
const STATUS: Readonly<Record<string, string>> = {
  '1': 'pipeline',
  '2': 'implementation',
  '3': 'finalisation',
  '4': 'closed',
  '5': 'cancelled',
  '6': 'suspended',
};

const children = (parent: XmlElement, name: string): XmlElement[] =>
  Array.from(parent.childNodes).filter(
    (n): n is XmlElement => (n as XmlElement).nodeType === 1 && (n as XmlElement).tagName === name,
  );
const child = (parent: XmlElement, name: string): XmlElement | null => children(parent, name)[0] ?? null;
/** The first narrative of an element, Mongolian first when the source gives several. */
function narrative(element: XmlElement | null): string | null {
  if (!element) return null;
  const all = children(element, 'narrative');
  const pick = all.find((n) => n.getAttribute('xml:lang') === 'mn') ?? all[0];
  const value = pick?.textContent?.trim();
  return value ? value : null;
}

/**
 * Foreign-loan projects, grants and resource agreements from IATI 2.03 activity files (XML): the
 * subset a citizen needs — who, what, where (the `administrative` level 1 code is the aimag,
 * level 2 the soum), status, dates and the total budget, in tögrög when a rate is given for the
 * reported currency. Resource agreements are activities tagged `resource-agreement`; loans are
 * those whose default finance type is a loan (4xx).
 */
export function importIati(files: readonly ImportFile[], context: ImportContext): ImportResult<'project'> {
  const collector = new ImportCollector('project');
  for (const file of files) {
    // Strict on purpose: xmldom reports a mismatched end tag only as a warning, and a half-read
    // file must not publish half its projects.
    const errors: string[] = [];
    const document = new DOMParser({
      errorHandler: {
        warning: (m: string) => errors.push(m),
        error: (m: string) => errors.push(m),
        fatalError: (m: string) => errors.push(m),
      },
    }).parseFromString(file.text, 'text/xml') as unknown as { documentElement: XmlElement | null } | undefined;
    const root = document?.documentElement;
    if (errors.length > 0 || !root || root.tagName !== 'iati-activities') {
      const reason = errors[0]?.replace(/^\[xmldom \w+\]\s*/, '').split('\n')[0];
      collector.fileUnreadable(
        file.name,
        reason ? `not well-formed XML: ${reason}` : 'not an IATI activities file (<iati-activities>)',
      );
      continue;
    }
    for (const activity of children(root, 'iati-activity')) {
      const iatiId = child(activity, 'iati-identifier')?.textContent?.trim() ?? '';
      const label = iatiId || `activity at line ${(activity as unknown as { lineNumber?: number }).lineNumber ?? '?'}`;
      const admin = children(activity, 'location').flatMap((l) => children(l, 'administrative'));
      const aimag = aimagCodeOf(admin.find((a) => a.getAttribute('level') === '1')?.getAttribute('code'));
      if (aimag === null) {
        collector.problem(file.name, label, 'location.administrative[@level=1]', 'names no aimag');
        continue;
      }
      const soum = soumCodeOf(admin.find((a) => a.getAttribute('level') === '2')?.getAttribute('code'), aimag);
      if (soum === undefined) {
        collector.problem(file.name, label, 'location.administrative[@level=2]', `not a soum code of aimag ${aimag}`);
        continue;
      }
      const currency = (activity.getAttribute('default-currency') || 'MNT').toUpperCase();
      const budgets = children(activity, 'budget').map((b) => child(b, 'value'));
      const otherCurrency = budgets.find(
        (v) => v && v.getAttribute('currency') && v.getAttribute('currency') !== currency,
      );
      if (otherCurrency) {
        collector.problem(file.name, label, 'budget.value@currency', 'budgets in more than one currency');
        continue;
      }
      const amounts = budgets.map((v) => amountOf(v?.textContent ?? null));
      const bad = amounts.findIndex((a) => a === null);
      if (bad !== -1) {
        collector.problem(file.name, label, `budget[${bad}].value`, 'not a number');
        continue;
      }
      const total = amounts.length > 0 ? (amounts as number[]).reduce((a, b) => a + b, 0) : null;
      const rate = currency === 'MNT' ? 1 : context.ratesToMnt?.[currency];
      if (total !== null && rate === undefined) {
        collector.problem(
          file.name,
          label,
          'budget',
          `no rate given for ${currency}: the budget is kept in ${currency} only`,
        );
      }
      const dates = new Map(
        children(activity, 'activity-date').map((d) => [d.getAttribute('type'), isoDateOf(d.getAttribute('iso-date'))]),
      );
      const financeType = child(activity, 'default-finance-type')?.getAttribute('code') ?? '';
      const tagged = children(activity, 'tag').some((t) => t.getAttribute('code') === 'resource-agreement');
      collector.add(file.name, label, {
        id: iatiId,
        aimag,
        soum,
        source: context.source,
        iatiId,
        kind: tagged ? 'resource-agreement' : financeType.startsWith('4') ? 'foreign-loan' : 'grant',
        title: narrative(child(activity, 'title')) ?? '',
        description: narrative(child(activity, 'description')),
        reportingOrg: narrative(child(activity, 'reporting-org')) ?? '',
        participants: children(activity, 'participating-org')
          .map((o) => narrative(o))
          .filter((n): n is string => n !== null),
        status: STATUS[child(activity, 'activity-status')?.getAttribute('code') ?? ''] ?? 'unknown status',
        start: dates.get('2') ?? dates.get('1') ?? null,
        end: dates.get('4') ?? dates.get('3') ?? null,
        budgetMnt: total !== null && rate !== undefined ? Math.round(total * rate) : null,
        currency,
        budgetInCurrency: total,
      });
    }
  }
  return collector.result();
}
