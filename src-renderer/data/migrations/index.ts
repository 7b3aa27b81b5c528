import type { Dexie } from 'dexie';
import { migration0001 } from './0001-initial.js';
import { migration0002 } from './0002-laws-petitions-places.js';
import { migration0003 } from './0003-statuses-journal.js';
import { migration0004 } from './0004-law-comment-counts.js';
import { migration0005 } from './0005-petition-report.js';
import { migration0006 } from './0006-deferred-content.js';
import { migration0007 } from './0007-search-index.js';
import { migration0008 } from './0008-health-events.js';
import { migration0009 } from './0009-open-data.js';

/** Every schema version in order. Files are only ever added, never edited once shipped. */
export const migrations: ReadonlyArray<(db: Dexie) => void> = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
];
