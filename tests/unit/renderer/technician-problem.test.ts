import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { ContentRejectedError } from '../../../src-renderer/data/content-rejected.js';
import { technicianProblem } from '../../../src-renderer/features/technician/problem-text.js';
import { BridgeCallError } from '../../../src-renderer/platform/bridge-error.js';
import { StorageFullError } from '../../../src-renderer/sync/room.js';
import en from '../../../src-renderer/i18n/locales/en.json';
import kk from '../../../src-renderer/i18n/locales/kk.json';
import mn from '../../../src-renderer/i18n/locales/mn.json';

const failures = [
  new BridgeCallError('invalid_request', 'ENOENT: no such file or directory, open /media/usb/x'),
  new BridgeCallError('timeout', 'the host did not answer within 5000 ms'),
  new BridgeCallError('offline', 'fetch failed'),
  new BridgeCallError('unauthorized', 'bad bridge token'),
  new BridgeCallError('internal', 'EIO: i/o error, write'),
  new ContentRejectedError('bad_signature', 'page 3: signature does not verify'),
  new ContentRejectedError('stale_page', 'page older than cursor'),
  new ContentRejectedError('invalid_entity', 'service x: bad shape'),
  new StorageFullError('quota'),
  new TypeError("Cannot read properties of undefined (reading 'id')"),
];

describe('a technician action that failed is worded in the screen language, never in the host’s English', () => {
  for (const [lang, resources] of [
    ['mn', mn],
    ['kk', kk],
  ] as const) {
    it(lang, async () => {
      const i18n = createInstance();
      await i18n.init({ lng: lang, resources: { [lang]: { translation: resources } } });
      const texts = failures.map((e) => technicianProblem(i18n.t, e));
      for (const text of texts) {
        // A real sentence of the language, not a key, and no Latin words from the error (USB is the
        // word the technician screen uses for the stick in every language).
        expect(text.replaceAll('USB', '')).not.toMatch(/[A-Za-z]/);
        expect(text.length).toBeGreaterThan(20);
      }
      // Different causes are told apart: a bad stick, a bad bundle, a full disk.
      expect(new Set(texts).size).toBe(8);
    });
  }

  it('en has the same texts, with no raw message either', async () => {
    const i18n = createInstance();
    await i18n.init({ lng: 'en', resources: { en: { translation: en } } });
    for (const e of failures) expect(technicianProblem(i18n.t, e)).not.toContain(e.message);
  });
});
