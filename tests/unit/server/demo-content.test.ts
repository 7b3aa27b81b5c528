import { describe, expect, it } from 'vitest';
import { categorySchema, formSchema, serviceSchema } from '../../../src-shared/schemas/content.js';
import type { LocalizedText } from '../../../src-shared/schemas/localized-text.js';
import { loadDemoContent } from '../../../src-server/content/demo-seed.js';

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

describe('demo content', async () => {
  const changes = await loadDemoContent();
  const of = (type: string) =>
    changes.filter((c) => c.op === 'put' && c.type === type).map((c) => (c.op === 'put' ? c.data : null));
  const categories = of('category').map((d) => categorySchema.parse(d));
  const services = of('service').map((d) => serviceSchema.parse(d));
  const forms = of('form').map((d) => formSchema.parse(d));

  it('has 3 categories, 6 services and 2 forms that reference each other', () => {
    expect([categories.length, services.length, forms.length]).toEqual([3, 6, 2]);
    for (const s of services) {
      expect(categories.map((c) => c.id)).toContain(s.category);
      if (s.formId) expect(forms.map((f) => f.id)).toContain(s.formId);
    }
  });

  it('says everything in Mongolian, Kazakh and English', () => {
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

  it('has one form with every field type and one shorter form', () => {
    const types = (id: string) => new Set(forms.find((f) => f.id === id)?.fields.map((f) => f.type));
    expect(types('residence-address-request')).toEqual(
      new Set(['text', 'number', 'date', 'select', 'registration_number', 'phone']),
    );
    const short = forms.find((f) => f.id === 'migration-registration-request');
    expect(short?.fields.length).toBeLessThan(forms.find((f) => f.id === 'residence-address-request')!.fields.length);
  });

  it('charges 2,500₮ for migration registration and names 3,500₮ between aimags', () => {
    const migration = services.find((s) => s.id === 'migration-registration');
    expect(migration?.feeMnt).toBe(2500);
    expect(migration?.description.mn).toContain('3,500₮');
  });
});
