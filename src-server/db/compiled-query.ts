import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.js';
import { dialectOf } from './dialect.js';

/** A value in the query that is one of the call's arguments (or an element of one), filled in at each run. */
class Slot {
  constructor(readonly index: number) {}
}

interface Compiled {
  query: CompiledQuery;
  /** Per parameter of the SQL: the argument slot it takes, or a value fixed in the query. */
  slots: (Slot | { value: unknown })[];
}

/** Distinct shapes kept per query at most: an `in` list of up to a batch's 100 keys makes 100. */
const SHAPES_KEPT = 256;

/**
 * A query of the hot path (a kiosk's credential, the newest content sequence, a status page…)
 * built and compiled by Kysely once, then run with each call's values. Building a query tree and
 * compiling it to SQL cost more CPU than SQLite's run of the query: in the national load these
 * few queries took a tenth of the server's time, rebuilt for every request. (SQLite then finds
 * the prepared statement by its text, `withStatementCache` in database.ts.)
 *
 * `build` is the ordinary, dialect-free Kysely query, with its arguments used as values (in
 * `where`, `limit`, `in` lists…). It is called with placeholders, once per SQL dialect and per
 * shape of the arguments (the length of each array argument: an `in` list of three keys is
 * another SQL text than one of four), and each placeholder must reach the SQL as a parameter
 * (checked when it is built). Returns the rows.
 */
export function compiledQuery<A extends unknown[], R>(
  build: (db: Kysely<DatabaseSchema>, ...args: A) => Compilable<R>,
): (db: Kysely<DatabaseSchema>, ...args: A) => Promise<R[]> {
  const kept = new Map<string, Compiled>();
  return async (db, ...args) => {
    let key: string = dialectOf(db);
    for (const a of args) if (Array.isArray(a)) key += `/${a.length}`;
    let compiled = kept.get(key);
    if (!compiled) {
      compiled = compile(db, build, args);
      if (kept.size >= SHAPES_KEPT) kept.clear();
      kept.set(key, compiled);
    }
    const values = args.some(Array.isArray) ? args.flatMap((a) => (Array.isArray(a) ? (a as unknown[]) : [a])) : args;
    const parameters = compiled.slots.map((s) => (s instanceof Slot ? values[s.index] : s.value));
    const result = await db.executeQuery<R>({ ...compiled.query, parameters } as CompiledQuery<R>);
    return result.rows;
  };
}

function compile<A extends unknown[], R>(
  db: Kysely<DatabaseSchema>,
  build: (db: Kysely<DatabaseSchema>, ...args: A) => Compilable<R>,
  args: A,
): Compiled {
  let count = 0;
  // Placeholders shaped like the arguments: an array keeps its length, each element a slot.
  const placeholders = args.map((a) => (Array.isArray(a) ? a.map(() => new Slot(count++)) : new Slot(count++)));
  const query = build(db, ...(placeholders as A)).compile();
  const slots = query.parameters.map((p) => (p instanceof Slot ? p : { value: p }));
  const used = new Set(slots.flatMap((s) => (s instanceof Slot ? [s.index] : [])));
  if (used.size !== count) {
    throw new Error(`a compiled query must use each of its ${count} values as a parameter: ${query.sql}`);
  }
  return { query, slots };
}
