import MiniSearch, { type Options } from 'minisearch';

/**
 * A MiniSearch index packed to be kept with the content and loaded fast at start.
 *
 * MiniSearch's own JSON (`toJSON`/`loadJSONAsync`) spent a 22,000-document start in three
 * places: reading a 15 MB string from IndexedDB, `JSON.parse` of it (every posting an object
 * key), and rebuilding every posting into maps, with a `setTimeout(0)` every thousand keys that
 * Chromium clamps to 4 ms. Packed, the postings are one byte array of varints (≈ 2 bytes a
 * posting), and loading builds only the term tree: each term's postings are decoded into maps
 * the first time anything asks for them (a search, a page applied by the sync, a save). So the
 * index answers after reading ≈ 4 MB and parsing a small header, whatever the size of the
 * postings; a checksum makes sure the bytes decoded later are the bytes that were saved.
 *
 * It reads MiniSearch 7.2's private fields (below): SEARCH_INDEX_VERSION names that version,
 * and a unit test checks that an index packed and loaded is the same index.
 */
interface MiniSearchInternals {
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, Record<string, unknown>>;
  _dirtCount: number;
  _index: Map<string, Map<number, Map<number, number>>> & {
    set(term: string, value: Map<number, Map<number, number>>): unknown;
  };
}

/** What is kept of an index: a JSON header and one byte array. */
export interface PackedIndex {
  header: string;
  postings: Uint8Array;
}

interface Header {
  format: typeof FORMAT;
  documentCount: number;
  nextId: number;
  dirtCount: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  /** Short ids, their document ids and stored fields, in one order. */
  shortIds: number[];
  ids: unknown[];
  stored: (Record<string, unknown> | null)[];
  fields: number;
  terms: string[];
  /** FNV-1a of the postings bytes. */
  check: number;
}

const FORMAT = 'tsonkh-packed-minisearch/2';

function internals(index: MiniSearch<unknown>): MiniSearchInternals {
  return index as unknown as MiniSearchInternals;
}

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A growing byte buffer of unsigned LEB128 numbers (7 bits a byte, high bit = more follows). */
class VarintWriter {
  private bytes = new Uint8Array(1 << 16);
  length = 0;

  write(n: number): void {
    if (this.length + 8 > this.bytes.length) this.grow(this.length + 8);
    while (n >= 0x80) {
      this.bytes[this.length++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.bytes[this.length++] = n;
  }

  append(other: VarintWriter): void {
    if (this.length + other.length > this.bytes.length) this.grow(this.length + other.length);
    this.bytes.set(other.bytes.subarray(0, other.length), this.length);
    this.length += other.length;
  }

  reset(): void {
    this.length = 0;
  }

  done(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  private grow(atLeast: number): void {
    let size = this.bytes.length * 2;
    while (size < atLeast) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

/** Reads varints from `bytes` between `at` and `end`; past the end it throws (damaged, not short). */
class VarintReader {
  constructor(
    private readonly bytes: Uint8Array,
    public at: number,
    private readonly end: number,
  ) {}

  next(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.end) throw damaged('postings');
      const byte = this.bytes[this.at++]!;
      n += (byte & 0x7f) * scale;
      if (byte < 0x80) return n;
      scale *= 0x80;
      if (scale > 2 ** 49) throw damaged('postings');
    }
  }

  get done(): boolean {
    return this.at === this.end;
  }
}

/**
 * The postings bytes: for each document (in `shortIds` order) its `fields` field lengths plus
 * one (0 = absent); then for each term (in `terms` order) the byte length of its part and the
 * part: the number of fields it occurs in and, per field, the field id, the number of documents
 * and, per document, the step from the previous short id (zigzag, doubled, plus one when a
 * frequency other than 1 follows) and that frequency.
 */
export function packIndex(index: MiniSearch<unknown>): PackedIndex {
  const m = internals(index);
  const fields = Object.keys(m._fieldIds).length;
  const shortIds = [...m._documentIds.keys()];
  const out = new VarintWriter();
  for (const shortId of shortIds) {
    const lengths = m._fieldLength.get(shortId);
    for (let f = 0; f < fields; f++) {
      const length = lengths?.[f];
      out.write(length === undefined ? 0 : length + 1);
    }
  }
  const terms: string[] = [];
  const part = new VarintWriter();
  for (const [term, byField] of m._index) {
    terms.push(term);
    part.reset();
    part.write(byField.size);
    for (const [fieldId, docs] of byField) {
      part.write(fieldId);
      part.write(docs.size);
      let previous = 0;
      for (const [shortId, freq] of docs) {
        const step = shortId - previous;
        const zigzag = step >= 0 ? 2 * step : -2 * step - 1;
        previous = shortId;
        if (freq === 1) part.write(2 * zigzag);
        else {
          part.write(2 * zigzag + 1);
          part.write(freq);
        }
      }
    }
    out.write(part.length);
    out.append(part);
  }
  const postings = out.done();
  const header: Header = {
    format: FORMAT,
    documentCount: m._documentCount,
    nextId: m._nextId,
    dirtCount: m._dirtCount,
    fieldIds: m._fieldIds,
    averageFieldLength: m._avgFieldLength,
    shortIds,
    ids: shortIds.map((s) => m._documentIds.get(s)),
    stored: shortIds.map((s) => m._storedFields.get(s) ?? null),
    fields,
    terms,
    check: fnv1a(postings),
  };
  return { header: JSON.stringify(header), postings };
}

function damaged(why: string): Error {
  return new Error(`packed search index damaged: ${why}`);
}

function readHeader(json: string): Header {
  const h = JSON.parse(json) as Partial<Header> | null;
  if (
    typeof h !== 'object' ||
    h === null ||
    h.format !== FORMAT ||
    !Array.isArray(h.shortIds) ||
    !Array.isArray(h.ids) ||
    !Array.isArray(h.stored) ||
    !Array.isArray(h.terms) ||
    !Array.isArray(h.averageFieldLength) ||
    typeof h.fieldIds !== 'object' ||
    typeof h.fields !== 'number' ||
    typeof h.documentCount !== 'number' ||
    typeof h.nextId !== 'number' ||
    typeof h.dirtCount !== 'number' ||
    typeof h.check !== 'number' ||
    h.ids.length !== h.shortIds.length ||
    h.stored.length !== h.shortIds.length
  ) {
    throw damaged('header');
  }
  return h as Header;
}

/**
 * One term's postings by field, decoded from the packed bytes the first time any of its
 * methods is used. MiniSearch only ever uses a term's data through Map's methods (get, set,
 * delete, size, iteration), so it cannot tell this from a Map it built itself.
 */
class LazyTermData extends Map<number, Map<number, number>> {
  private packed: { bytes: Uint8Array; start: number; end: number; fields: number } | null;

  constructor(bytes: Uint8Array, start: number, end: number, fields: number) {
    super();
    this.packed = { bytes, start, end, fields };
  }

  get isPacked(): boolean {
    return this.packed !== null;
  }

  private fill(): void {
    const packed = this.packed;
    if (!packed) return;
    this.packed = null;
    const r = new VarintReader(packed.bytes, packed.start, packed.end);
    const fieldsOfTerm = r.next();
    if (fieldsOfTerm > packed.fields) throw damaged('postings');
    for (let f = 0; f < fieldsOfTerm; f++) {
      const fieldId = r.next();
      const n = r.next();
      const docs = new Map<number, number>();
      let shortId = 0;
      for (let d = 0; d < n; d++) {
        const v = r.next();
        const zigzag = Math.floor(v / 2);
        shortId += zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
        docs.set(shortId, v % 2 === 0 ? 1 : r.next());
      }
      super.set(fieldId, docs);
    }
    if (!r.done) throw damaged('postings');
  }

  override get size(): number {
    this.fill();
    return super.size;
  }
  override get(key: number): Map<number, number> | undefined {
    this.fill();
    return super.get(key);
  }
  override has(key: number): boolean {
    this.fill();
    return super.has(key);
  }
  override set(key: number, value: Map<number, number>): this {
    this.fill();
    return super.set(key, value);
  }
  override delete(key: number): boolean {
    this.fill();
    return super.delete(key);
  }
  override clear(): void {
    this.packed = null;
    super.clear();
  }
  override forEach(
    callback: (value: Map<number, number>, key: number, map: Map<number, Map<number, number>>) => void,
    thisArg?: unknown,
  ): void {
    this.fill();
    super.forEach(callback, thisArg);
  }
  override entries(): MapIterator<[number, Map<number, number>]> {
    this.fill();
    return super.entries();
  }
  override keys(): MapIterator<number> {
    this.fill();
    return super.keys();
  }
  override values(): MapIterator<Map<number, number>> {
    this.fill();
    return super.values();
  }
  override [Symbol.iterator](): MapIterator<[number, Map<number, number>]> {
    this.fill();
    return super[Symbol.iterator]();
  }
}

/**
 * Decodes the terms not asked for yet, a few at a time while the UI thread is idle, so the
 * searches after the first minute cost what they cost on an index built in memory. Stops
 * quietly if the index is replaced meanwhile (its terms are then simply not used any more).
 */
export function decodeRestWhenIdle(index: MiniSearch<unknown>, sliceMs = 8): void {
  const pending = [...internals(index)._index.values()].filter(
    (data): data is LazyTermData => data instanceof LazyTermData && data.isPacked,
  );
  let next = 0;
  const idle: (run: () => void) => void =
    typeof requestIdleCallback === 'function'
      ? (run) => requestIdleCallback(run, { timeout: 2_000 })
      : (run) => setTimeout(run, 50);
  const work = () => {
    const until = performance.now() + sliceMs;
    while (next < pending.length && performance.now() < until) void pending[next++]!.size;
    if (next < pending.length) idle(work);
  };
  if (pending.length > 0) idle(work);
}

/** Gives the UI thread a turn without `setTimeout`'s 4 ms clamp. */
function yieldToUi(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Loads a packed index into a new MiniSearch with `options` (the same options it was built
 * with), in slices of `sliceMs` so the first screen stays responsive. Throws if the header, the
 * checksum or the layout of the bytes do not add up, so a damaged index is rebuilt, not used.
 */
export async function loadPackedIndex<T>(
  packed: { header: string; postings: unknown },
  options: Options<T>,
  sliceMs = 12,
): Promise<MiniSearch<T>> {
  const h = readHeader(packed.header);
  const p = packed.postings;
  if (!(p instanceof Uint8Array) || fnv1a(p) !== h.check) throw damaged('postings');
  const index = new MiniSearch<T>(options);
  const m = internals(index as MiniSearch<unknown>);
  const fieldCount = Object.keys(m._fieldIds).length;
  if (fieldCount !== h.fields || JSON.stringify(m._fieldIds) !== JSON.stringify(h.fieldIds)) throw damaged('fields');

  const r = new VarintReader(p, 0, p.length);
  const documentIds = new Map<number, unknown>();
  const idToShortId = new Map<unknown, number>();
  const storedFields = new Map<number, Record<string, unknown>>();
  const fieldLength = new Map<number, number[]>();
  for (let i = 0; i < h.shortIds.length; i++) {
    const shortId = h.shortIds[i]!;
    documentIds.set(shortId, h.ids[i]);
    idToShortId.set(h.ids[i], shortId);
    const stored = h.stored[i];
    if (stored) storedFields.set(shortId, stored);
    const lengths: number[] = [];
    let any = false;
    for (let f = 0; f < h.fields; f++) {
      const length = r.next();
      if (length === 0) continue;
      lengths[f] = length - 1;
      any = true;
    }
    if (any) fieldLength.set(shortId, lengths);
  }

  let sliceStart = performance.now();
  for (let t = 0; t < h.terms.length; t++) {
    if ((t & 1023) === 0 && performance.now() - sliceStart > sliceMs) {
      await yieldToUi();
      sliceStart = performance.now();
    }
    const length = r.next();
    if (length > p.length - r.at) throw damaged('postings');
    m._index.set(h.terms[t]!, new LazyTermData(p, r.at, r.at + length, h.fields));
    r.at += length;
  }
  if (!r.done) throw damaged('postings');

  m._documentCount = h.documentCount;
  m._nextId = h.nextId;
  m._dirtCount = h.dirtCount;
  m._avgFieldLength = h.averageFieldLength;
  m._documentIds = documentIds;
  m._idToShortId = idToShortId;
  m._storedFields = storedFields;
  m._fieldLength = fieldLength;
  return index;
}
