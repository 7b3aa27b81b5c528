import type { Migration } from 'kysely';
import * as m0001 from './0001-initial.js';

/**
 * Every migration, by name, in order. A static list (no filesystem discovery) works the same
 * under tsx, a bundler or a compiled build. Only ever add entries; never edit a shipped one.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-initial': m0001,
};
