import type { Dexie } from 'dexie';

/**
 * The action plan's open data (issue 19): one row per record of the kiosk's aimag and the
 * nation's, keyed by its dataset and id, found by dataset and by place for the screens.
 */
export function migration0009(db: Dexie): void {
  db.version(9).stores({
    openData: '&[type+id], type, aimag, soum, [type+aimag], [type+soum]',
  });
}
