import { CONTRACT_THRESHOLD_MNT } from '../../src-shared/schemas/open-data.js';
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

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * OCDS merging (the standard's "compiled release"): releases of one `ocid` applied in date order;
 * an object merges member by member, an array of objects that all carry `id` merges item by item
 * on that id, anything else — text, numbers, other arrays — is replaced by the later release,
 * and `null` removes a member.
 */
export function mergeOcds(base: JsonObject, release: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(release)) {
    const before = out[key];
    if (value === null) delete out[key];
    else if (isObject(value) && isObject(before)) out[key] = mergeOcds(before, value);
    else if (isIdArray(value) && isIdArray(before)) out[key] = mergeById(before, value);
    else out[key] = value;
  }
  return out;
}

function isIdArray(value: unknown): value is JsonObject[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => isObject(item) && 'id' in item);
}

function mergeById(before: JsonObject[], after: JsonObject[]): JsonObject[] {
  const merged = before.map((item) => ({ ...item }));
  for (const item of after) {
    const at = merged.findIndex((old) => String(old.id) === String(item.id));
    if (at === -1) merged.push(item);
    else merged[at] = mergeOcds(merged[at]!, item);
  }
  return merged;
}

const METHODS = new Set(['open', 'selective', 'limited', 'direct']);

/**
 * Procurement from OCDS 1.1 release packages or record packages (JSON). Releases of one `ocid`
 * (from any of the files) are merged into one compiled view; a record package's `compiledRelease`
 * is used as it is. Only contracts of at least 80,000,000 ₮ are kept (action plan 3.3.1.8); values
 * in another currency are reported, not guessed.
 */
export function importOcds(files: readonly ImportFile[], context: ImportContext): ImportResult<'contract'> {
  const collector = new ImportCollector('contract');
  const releases = new Map<string, { file: string; items: JsonObject[] }>();
  const compiled = new Map<string, { file: string; release: JsonObject }>();

  for (const file of files) {
    let body: unknown;
    try {
      body = JSON.parse(file.text);
    } catch (error) {
      collector.fileUnreadable(file.name, `not JSON: ${(error as Error).message}`);
      continue;
    }
    if (!isObject(body) || (!Array.isArray(body.releases) && !Array.isArray(body.records))) {
      collector.fileUnreadable(file.name, 'not an OCDS release package or record package (no "releases" or "records")');
      continue;
    }
    if (Array.isArray(body.releases)) {
      body.releases.forEach((release, index) => {
        const label = `releases[${index}]`;
        if (!isObject(release) || typeof release.ocid !== 'string' || release.ocid === '') {
          collector.problem(file.name, label, 'ocid', 'a release without an ocid');
          return;
        }
        const entry = releases.get(release.ocid) ?? { file: file.name, items: [] };
        entry.items.push(release);
        releases.set(release.ocid, entry);
      });
    }
    if (Array.isArray(body.records)) {
      body.records.forEach((record, index) => {
        const label = `records[${index}]`;
        if (!isObject(record) || typeof record.ocid !== 'string' || record.ocid === '') {
          collector.problem(file.name, label, 'ocid', 'a record without an ocid');
          return;
        }
        if (isObject(record.compiledRelease)) {
          compiled.set(record.ocid, { file: file.name, release: record.compiledRelease });
        } else if (Array.isArray(record.releases) && record.releases.every((r) => isObject(r) && 'tag' in r)) {
          const entry = releases.get(record.ocid) ?? { file: file.name, items: [] };
          entry.items.push(...(record.releases as JsonObject[]));
          releases.set(record.ocid, entry);
        } else {
          collector.problem(
            file.name,
            record.ocid,
            'releases',
            'only linked releases and no compiledRelease: nothing to read',
          );
        }
      });
    }
  }

  for (const [ocid, { file, items }] of releases) {
    if (compiled.has(ocid)) continue;
    const ordered = [...items].sort((a, b) => String(a.date ?? '').localeCompare(String(b.date ?? '')));
    compiled.set(ocid, { file, release: ordered.reduce<JsonObject>((acc, r) => mergeOcds(acc, r), {}) });
  }
  for (const [ocid, { file, release }] of [...compiled].sort(([a], [b]) => a.localeCompare(b))) {
    readContract(collector, file, ocid, release, context);
  }
  return collector.result();
}

function readContract(
  collector: ImportCollector<'contract'>,
  file: string,
  ocid: string,
  release: JsonObject,
  context: ImportContext,
): void {
  const parties = Array.isArray(release.parties) ? release.parties.filter(isObject) : [];
  const buyerRef = isObject(release.buyer) ? release.buyer : null;
  const buyerParty = parties.find((p) => buyerRef !== null && String(p.id) === String(buyerRef.id)) ?? null;
  const address = buyerParty && isObject(buyerParty.address) ? buyerParty.address : {};
  const aimag = aimagCodeOf(typeof address.region === 'string' ? address.region : null);
  if (aimag === null) {
    collector.problem(file, ocid, 'parties.buyer.address.region', 'the buyer names no aimag the kiosk knows');
    return;
  }
  const soum = soumCodeOf(typeof address.locality === 'string' ? address.locality : null, aimag);
  if (soum === undefined) {
    collector.problem(file, ocid, 'parties.buyer.address.locality', "not a soum code of the buyer's aimag");
    return;
  }
  const tender = isObject(release.tender) ? release.tender : {};
  const awards = Array.isArray(release.awards) ? release.awards.filter(isObject) : [];
  const contracts = Array.isArray(release.contracts) ? release.contracts.filter(isObject) : [];

  const values: { amount: number | null; currency: unknown; where: string }[] = [
    ...contracts.map((c, i) => ({ ...moneyOf(c.value), where: `contracts[${i}].value` })),
    ...awards.map((a, i) => ({ ...moneyOf(a.value), where: `awards[${i}].value` })),
  ];
  const foreign = values.find((v) => v.amount !== null && v.currency !== 'MNT');
  if (foreign) {
    collector.problem(file, ocid, foreign.where, `the value is in ${String(foreign.currency)}, not MNT`);
    return;
  }
  const contractTotal = sum(contracts.map((c) => moneyOf(c.value).amount));
  const value = contractTotal ?? sum(awards.map((a) => moneyOf(a.value).amount)) ?? moneyOf(tender.value).amount;
  if (value === null) {
    collector.problem(file, ocid, 'contracts.value', 'no value in the contracts, awards or tender');
    return;
  }
  if (value < CONTRACT_THRESHOLD_MNT) {
    collector.leaveOut('below 80,000,000 ₮');
    return;
  }

  const supplierNames = new Set<string>();
  for (const award of awards) {
    for (const s of Array.isArray(award.suppliers) ? award.suppliers.filter(isObject) : []) {
      const party = parties.find((p) => String(p.id) === String(s.id));
      const name = typeof s.name === 'string' ? s.name : typeof party?.name === 'string' ? party.name : null;
      if (name) supplierNames.add(name);
    }
  }
  const payments = contracts.flatMap((c, ci) => {
    const implementation = isObject(c.implementation) ? c.implementation : {};
    const transactions = Array.isArray(implementation.transactions) ? implementation.transactions.filter(isObject) : [];
    return transactions.flatMap((t, ti) => {
      const money = moneyOf(t.value ?? t.amount);
      const date = isoDateOf(t.date);
      if (money.amount === null || date === null) {
        collector.problem(
          file,
          ocid,
          `contracts[${ci}].implementation.transactions[${ti}]`,
          'a payment without a date or an amount',
        );
        return [];
      }
      return [{ date, amount: money.amount }];
    });
  });
  const milestones = [tender, ...contracts].flatMap((holder) =>
    (Array.isArray(holder.milestones) ? holder.milestones.filter(isObject) : []).map((m) => ({
      title: typeof m.title === 'string' && m.title !== '' ? m.title : String(m.id ?? '—'),
      dueDate: isoDateOf(m.dueDate ?? m.dateMet),
      status: typeof m.status === 'string' ? m.status : null,
    })),
  );
  const stage = contracts.some((c) => isObject(c.implementation))
    ? 'implementation'
    : contracts.length > 0
      ? 'contract'
      : awards.length > 0
        ? 'award'
        : Object.keys(tender).length > 0
          ? 'tender'
          : 'planning';
  const method =
    typeof tender.procurementMethod === 'string' && METHODS.has(tender.procurementMethod)
      ? tender.procurementMethod
      : null;
  collector.add(file, ocid, {
    id: ocid,
    aimag,
    soum,
    source: context.source,
    ocid,
    buyer:
      typeof buyerRef?.name === 'string' ? buyerRef.name : typeof buyerParty?.name === 'string' ? buyerParty.name : '',
    title:
      typeof tender.title === 'string'
        ? tender.title
        : typeof contracts[0]?.title === 'string'
          ? contracts[0].title
          : '',
    method,
    stage,
    status: typeof (contracts[0] ?? tender).status === 'string' ? ((contracts[0] ?? tender).status as string) : null,
    value,
    suppliers: [...supplierNames].sort(),
    tenderDate: isoDateOf(isObject(tender.tenderPeriod) ? tender.tenderPeriod.startDate : null),
    awardDate: isoDateOf(awards[0]?.date),
    contractDate: isoDateOf(contracts[0]?.dateSigned),
    payments: payments.sort((a, b) => a.date.localeCompare(b.date)),
    milestones,
  });
}

function moneyOf(value: Json | undefined): { amount: number | null; currency: unknown } {
  if (!isObject(value)) return { amount: null, currency: null };
  return { amount: amountOf(value.amount), currency: value.currency ?? 'MNT' };
}

function sum(amounts: readonly (number | null)[]): number | null {
  const known = amounts.filter((a): a is number => a !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}
