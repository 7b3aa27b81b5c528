import { createContext, useContext } from 'react';
import type { TsonkhDb } from './db.js';

/**
 * Which database the data hooks read. Only the hooks in `data/` use it; screens ask the hooks.
 * No Dexie here (types only), so the first screen's chunk can hold the provider.
 */
export const DataContext = createContext<TsonkhDb | null>(null);

export function useDb(): TsonkhDb {
  const db = useContext(DataContext);
  if (!db) throw new Error('a data hook outside DataContext');
  return db;
}
