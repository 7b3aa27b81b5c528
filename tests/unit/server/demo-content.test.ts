import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src-shared/format.js';
import type { Law } from '../../../src-shared/schemas/law.js';
import { categorySchema, formSchema, serviceSchema } from '../../../src-shared/schemas/content.js';
import type { LocalizedText } from '../../../src-shared/schemas/localized-text.js';
import {
  checkContentFolder,
  formatContentProblem,
  loadContentFolder,
} from '../../../src-server/content/content-folder.js';
import { DEMO_CONTENT_AS_OF, DEMO_CONTENT_DIR, seedDemo } from '../../../src-server/content/demo-seed.js';
import { CONTENT_TYPE_ORDER } from '../../../src-server/content/entity-schemas.js';
import { DEMO_KIOSK_CONFIG, openTestDatabase } from './helpers.js';

const MONGOLIAN_ONLY = /[ӨөҮү]/;
const KAZAKH_ONLY = /[ӘәҒғҚқҢңҰұҺһІі]/;

/** Every LocalizedText inside a value (objects with an `mn` string). */
function texts(value: unknown): LocalizedText[] {
  if (Array.isArray(value)) return value.flatMap(texts);
  if (value === null || typeof value !== 'object') return [];
  const obj = value as Record<string, unknown>;
  if (typeof obj.mn === 'string') return [obj as LocalizedText];
  return Object.values(obj).flatMap(texts);
}

/** assets/demo-content, read by the same loader `npm run publish` and demo mode use. */
describe('demo content', async () => {
  const { entities, problems } = await checkContentFolder(DEMO_CONTENT_DIR);
  const of = (type: string) => entities.filter((e) => e.type === type).map((e) => e.data);
  const categories = of('category').map((d) => categorySchema.parse(d));
  const services = of('service').map((d) => serviceSchema.parse(d));
  const forms = of('form').map((d) => formSchema.parse(d));

  it('passes every check of the content folder loader', () => {
    expect(problems.map(formatContentProblem)).toEqual([]);
  });

  it('has content of every type', () => {
    for (const type of CONTENT_TYPE_ORDER) expect(of(type).length, type).toBeGreaterThan(0);
  });

  it('says the catalogue in Mongolian, Kazakh and English', () => {
    const all = texts([categories, services, forms]);
    expect(all.length).toBeGreaterThan(50);
    for (const t of all) {
      expect(t.kk, t.mn).toBeTruthy();
      expect(t.en, t.mn).toBeTruthy();
      expect(t.en, t.mn).not.toBe(t.mn);
    }
    expect(all.some((t) => MONGOLIAN_ONLY.test(t.mn))).toBe(true);
    expect(all.filter((t) => t.kk && KAZAKH_ONLY.test(t.kk)).length).toBeGreaterThan(20);
    expect(all.some((t) => KAZAKH_ONLY.test(t.mn))).toBe(false);
  });

  it('charges 2,500₮ for migration registration and names 3,500₮ between aimags', () => {
    const migration = services.find((s) => s.id === 'migration-registration');
    expect(migration?.feeMnt).toBe(2500);
    expect(migration?.description.mn).toContain('3,500₮');
  });
});

describe('demo mode keeps the demo current', () => {
  const stateOn = (day: string, w: { opens: string; closes: string }) =>
    day < w.opens ? 'not yet open' : day > w.closes ? 'closed' : 'open';

  it('moves every comment window so that today tells the story DEMO_CONTENT_AS_OF told', async () => {
    const original = (await loadContentFolder(DEMO_CONTENT_DIR)).filter((e) => e.type === 'law');
    const later = addDays(DEMO_CONTENT_AS_OF, 400);
    const t = await openTestDatabase();
    try {
      // Noon in Ulaanbaatar on that day.
      await seedDemo(t.db, { kioskConfigPath: DEMO_KIOSK_CONFIG, today: new Date(`${later}T12:00:00+08:00`) });
      const rows = await t.db
        .selectFrom('content_current')
        .select(['entity_id', 'data'])
        .where('type', '=', 'law')
        .execute();
      const published = new Map(rows.map((r) => [r.entity_id, (JSON.parse(r.data) as Law).commentWindow]));
      expect([...published.keys()].sort()).toEqual(original.map((e) => e.id).sort());
      const states = original.map((e) => {
        const before = (e.data as Law).commentWindow;
        const after = published.get(e.id)!;
        expect(after).toEqual({ opens: addDays(before.opens, 400), closes: addDays(before.closes, 400) });
        return [e.id, stateOn(DEMO_CONTENT_AS_OF, before), stateOn(later, after)];
      });
      for (const [, before, after] of states) expect(after).toBe(before);
      // The story: laws open for comment, one not yet open, some closed.
      expect(new Set(states.map(([, s]) => s))).toEqual(new Set(['open', 'not yet open', 'closed']));
    } finally {
      await t.cleanup();
    }
  });
});
