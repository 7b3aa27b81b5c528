import { describe, expect, it } from 'vitest';
import { categorySchema, formSchema, serviceSchema } from '../../../src-shared/schemas/content.js';
import type { LocalizedText } from '../../../src-shared/schemas/localized-text.js';
import { checkContentFolder, formatContentProblem } from '../../../src-server/content/content-folder.js';
import { DEMO_CONTENT_DIR } from '../../../src-server/content/demo-seed.js';
import { CONTENT_TYPE_ORDER } from '../../../src-server/content/entity-schemas.js';

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
