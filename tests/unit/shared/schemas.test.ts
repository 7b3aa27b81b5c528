import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import { categorySchema, formSchema, serviceSchema } from '../../../src-shared/schemas/content.js';
import { kioskConfigSchema, kioskPublicInfoSchema } from '../../../src-shared/schemas/kiosk-config.js';
import { LANGUAGES, localizedTextSchema, pickText } from '../../../src-shared/schemas/localized-text.js';
import { submissionSchema, trackingNumberSchema } from '../../../src-shared/schemas/submission.js';
import { kioskCode, sequence } from './arbitraries.js';

const example = JSON.parse(
  readFileSync(new URL('../../../kiosk-config/example.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** A deep copy of the example with `patch` applied to one nested object. */
function exampleWith(patch: (c: Record<string, Record<string, unknown>>) => void): unknown {
  const copy = structuredClone(example) as Record<string, Record<string, unknown>>;
  patch(copy);
  return copy;
}

function issuesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; code: string }[] } }) {
  expect(result.success).toBe(false);
  return result.error!.issues;
}

describe('kioskConfigSchema', () => {
  it('accepts kiosk-config/example.json', () => {
    const r = kioskConfigSchema.safeParse(example);
    expect(r.error?.issues).toBeUndefined();
    expect(r.data).toMatchObject({
      kioskCode: '0421',
      place: { aimag: '83', soum: '8301' },
      server: { url: 'http://127.0.0.1:8080', timeoutMs: 10_000 },
      printer: { kind: 'capture', width: 48, fail: false },
      languages: ['mn', 'kk', 'en'],
      defaultLanguage: 'mn',
      sync: { intervalSeconds: 30 },
    });
  });

  it('fills in defaults for a minimal config', () => {
    const minimal = exampleWith((c) => {
      delete c.languages;
      delete c.defaultLanguage;
      delete c.sync;
      delete c.$schema;
      delete c.server!.timeoutMs;
      delete c.printer!.width;
    });
    const r = kioskConfigSchema.parse(minimal);
    expect(r.languages).toEqual(['mn', 'kk', 'en']);
    expect(r.defaultLanguage).toBe('mn');
    expect(r.sync).toEqual({ intervalSeconds: 30 });
    expect(r.server.timeoutMs).toBe(10_000);
    expect(r.printer).toEqual({ kind: 'capture', captureDir: '../data/receipts', width: 48, fail: false });
  });

  it('rejects unknown keys at the top level and in place, server and printer', () => {
    const cases: [string, (c: Record<string, Record<string, unknown>>) => void][] = [
      ['top', (c) => void ((c as Record<string, unknown>).kioskcode = '0421')],
      ['top', (c) => void ((c as Record<string, unknown>).password = 'x')],
      ['place', (c) => void (c.place!.district = '1101')],
      ['server', (c) => void (c.server!.token = 'abc')],
      ['server', (c) => void (c.server!.timeout = 5000)],
      ['printer', (c) => void (c.printer!.device = '/dev/usb/lp0')],
    ];
    for (const [where, patch] of cases) {
      const issues = issuesOf(kioskConfigSchema.safeParse(exampleWith(patch)));
      expect(
        issues.some((i) => i.code === 'unrecognized_keys'),
        where,
      ).toBe(true);
    }
  });

  it('rejects unknown keys in sync too (a typo must not silently fall back to the default)', () => {
    const r = kioskConfigSchema.safeParse(exampleWith((c) => void (c.sync = { intervalSecond: 5 })));
    expect(r.success).toBe(false);
  });

  it('rejects a kioskCode that is not exactly 4 digits', () => {
    for (const bad of ['421', '04210', 'abcd', '04 1', '', ' 0421', '０４２１', 421, null]) {
      const issues = issuesOf(
        kioskConfigSchema.safeParse(exampleWith((c) => void ((c as Record<string, unknown>).kioskCode = bad))),
      );
      expect([...new Set(issues.map((i) => i.path.join('.')))], JSON.stringify(bad)).toContain('kioskCode');
    }
  });

  it('accepts any 4-digit kioskCode', () => {
    fc.assert(
      fc.property(kioskCode, (k) => {
        expect(
          kioskConfigSchema.safeParse(exampleWith((c) => void ((c as Record<string, unknown>).kioskCode = k))).success,
        ).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects a defaultLanguage that is not one of the languages', () => {
    const issues = issuesOf(
      kioskConfigSchema.safeParse(
        exampleWith((c) => {
          (c as Record<string, unknown>).languages = ['mn', 'en'];
          (c as Record<string, unknown>).defaultLanguage = 'kk';
        }),
      ),
    );
    expect(issues.map((i) => i.path.join('.'))).toContain('defaultLanguage');
  });

  it('rejects languages without "mn" when defaultLanguage is left to its default', () => {
    const r = kioskConfigSchema.safeParse(
      exampleWith((c) => {
        (c as Record<string, unknown>).languages = ['kk', 'en'];
        delete (c as Record<string, unknown>).defaultLanguage;
      }),
    );
    expect(issuesOf(r).map((i) => i.path.join('.'))).toContain('defaultLanguage');
  });

  it('accepts any non-empty language list with a default taken from it', () => {
    const langs = fc.uniqueArray(fc.constantFrom(...LANGUAGES), { minLength: 1 });
    fc.assert(
      fc.property(langs, fc.nat(), (languages, i) => {
        const defaultLanguage = languages[i % languages.length];
        const r = kioskConfigSchema.safeParse(
          exampleWith((c) => Object.assign(c as Record<string, unknown>, { languages, defaultLanguage })),
        );
        expect(r.success).toBe(true);
      }),
    );
  });

  it('rejects other bad values', () => {
    const bad: [string, (c: Record<string, Record<string, unknown>>) => void][] = [
      ['place.aimag', (c) => void (c.place!.aimag = '8')],
      ['place.soum', (c) => void (c.place!.soum = '830')],
      ['server.url', (c) => void (c.server!.url = 'ftp://example.mn')],
      ['server.url', (c) => void (c.server!.url = 'not a url')],
      ['server.credential', (c) => void (c.server!.credential = 'short')],
      ['server.timeoutMs', (c) => void (c.server!.timeoutMs = 999)],
      ['server.timeoutMs', (c) => void (c.server!.timeoutMs = 120_001)],
      ['printer.width', (c) => void (c.printer!.width = 40)],
      ['printer.kind', (c) => void (c.printer!.kind = 'escpos')],
      ['printer.captureDir', (c) => void (c.printer!.captureDir = '')],
      ['languages', (c) => void ((c as Record<string, unknown>).languages = [])],
      ['languages.0', (c) => void ((c as Record<string, unknown>).languages = ['ru'])],
      ['sync.intervalSeconds', (c) => void (c.sync!.intervalSeconds = 1)],
      ['name.mn', (c) => void (c.name = { en: 'Kiosk' })],
    ];
    for (const [path, patch] of bad) {
      const issues = issuesOf(kioskConfigSchema.safeParse(exampleWith(patch)));
      expect([...new Set(issues.map((i) => i.path.join('.')))], path).toContain(path);
    }
  });

  it('kioskPublicInfoSchema describes what the renderer gets (no server credential)', () => {
    const cfg = kioskConfigSchema.parse(example);
    const info = {
      kioskCode: cfg.kioskCode,
      name: cfg.name,
      place: cfg.place,
      languages: cfg.languages,
      defaultLanguage: cfg.defaultLanguage,
      syncIntervalSeconds: cfg.sync.intervalSeconds,
      contentPublicKey: cfg.contentPublicKey,
      submissionPublicKey: cfg.submissionPublicKey,
      testHooks: false,
      mode: 'browser',
      idle: cfg.idle,
      publicSite: cfg.publicSite,
      presentation: cfg.presentation,
      assistedMode: cfg.staff.length > 0,
    };
    expect(kioskPublicInfoSchema.parse(info)).toEqual(info);
    const leaked = kioskPublicInfoSchema.parse({
      ...info,
      server: cfg.server,
      staff: cfg.staff,
      technicianPin: cfg.technicianPin,
    });
    expect('server' in leaked).toBe(false);
    expect(JSON.stringify(leaked)).not.toMatch(/4210|240421/);
    expect(kioskPublicInfoSchema.safeParse({ ...info, mode: 'kiosk' }).success).toBe(false);
  });
});

describe('kiosk config: privacy and presentation settings', () => {
  it('defaults: 90 s idle, a 30 s warning, 10 extensions, kiosk presentation, no staff', () => {
    const { staff: _staff, idle: _idle, ...rest } = example as Record<string, unknown>;
    const cfg = kioskConfigSchema.parse(rest);
    expect(cfg.idle).toEqual({ timeoutSeconds: 90, warningSeconds: 30, maxExtensions: 10 });
    expect(cfg.presentation).toBe('kiosk');
    expect(cfg.staff).toEqual([]);
    expect(cfg.publicSite).toBe('https://tsonkh.gov.mn');
  });

  it('refuses a warning under 20 s, fewer than 10 extensions, shared staff PINs and a non-ASCII site', () => {
    const bad = (patch: Record<string, unknown>) => kioskConfigSchema.safeParse({ ...example, ...patch }).success;
    expect(bad({ idle: { timeoutSeconds: 60, warningSeconds: 10, maxExtensions: 10 } })).toBe(false);
    expect(bad({ idle: { timeoutSeconds: 60, warningSeconds: 20, maxExtensions: 3 } })).toBe(false);
    expect(
      bad({
        staff: [
          { id: 'A', name: 'А', pin: '123456' },
          { id: 'B', name: 'Б', pin: '123456' },
        ],
      }),
    ).toBe(false);
    expect(bad({ publicSite: 'https://цонх.мн' })).toBe(false);
    expect(bad({ publicSite: 'https://tsonkh.gov.mn/' })).toBe(true);
  });

  it('takes PINs of 6 to 12 digits only, and a technician PIN unlike every staff PIN', () => {
    const ok = (patch: Record<string, unknown>) => kioskConfigSchema.safeParse({ ...example, ...patch }).success;
    expect(ok({ technicianPin: '4821' })).toBe(false);
    expect(ok({ technicianPin: '48213' })).toBe(false);
    expect(ok({ technicianPin: '1234567890123' })).toBe(false);
    expect(ok({ technicianPin: '482139' })).toBe(true);
    expect(ok({ staff: [{ id: 'A', name: 'А', pin: '4210' }] })).toBe(false);
    expect(ok({ technicianPin: '735210', staff: [{ id: 'A', name: 'А', pin: '735210' }] })).toBe(false);
    expect(ok({ technicianPin: '240421', staff: [{ id: 'A', name: 'А', pin: '735210' }] })).toBe(true);
  });
});

describe('trackingNumberSchema and submissionSchema', () => {
  const good = makeTrackingNumber('0421', 123).text;
  const submission = {
    idempotencyKey: '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e',
    trackingNo: good,
    kind: 'service_application',
    kioskCode: '0421',
    createdAt: '2026-06-15T10:30:00+08:00',
    lang: 'mn',
    channel: 'kiosk',
    serviceId: 'residence-move',
    formId: 'residence-move',
    formVersion: 1,
    sealed: { alg: 'ECDH-P256+HKDF-SHA256+A256GCM', epk: 'B'.repeat(87) + '=', iv: 'A'.repeat(16), ct: 'c2VhbGVk' },
  };

  it('accepts any tracking number a kiosk makes', () => {
    fc.assert(
      fc.property(kioskCode, sequence, (k, n) => {
        expect(trackingNumberSchema.safeParse(makeTrackingNumber(k, n).text).success).toBe(true);
      }),
    );
  });

  it('accepts a valid submission', () => {
    expect(submissionSchema.parse(submission)).toEqual(submission);
  });

  it('rejects bad tracking numbers', () => {
    const wrongCheck = good.slice(0, -1) + String((Number(good.slice(-1)) + 1) % 10);
    for (const trackingNo of [
      wrongCheck,
      '',
      '0421-000123',
      '0421-00012-3',
      'ABCD-000123-4',
      '0421-000124-' + good.slice(-1),
    ]) {
      if (trackingNo === good) continue;
      const issues = issuesOf(submissionSchema.safeParse({ ...submission, trackingNo }));
      expect([...new Set(issues.map((i) => i.path.join('.')))], trackingNo).toEqual(['trackingNo']);
    }
  });

  it('rejects other bad fields', () => {
    const bad: [string, unknown][] = [
      ['idempotencyKey', 'not-a-uuid'],
      ['kind', 'complaint'],
      ['kioskCode', '421'],
      ['createdAt', '2026-06-15'],
      ['lang', 'ru'],
      ['channel', 'web'],
      ['serviceId', ''],
      ['formVersion', 0],
      ['formVersion', 1.5],
    ];
    for (const [key, value] of bad) {
      const issues = issuesOf(submissionSchema.safeParse({ ...submission, [key]: value }));
      expect(
        issues.map((i) => i.path[0]),
        key,
      ).toContain(key);
    }
    // The personal part is sealed: a clear `answers` field is not part of a submission.
    expect('answers' in submissionSchema.parse({ ...submission, answers: { name: 'Батболд' } })).toBe(false);
    expect(submissionSchema.safeParse({ ...submission, sealed: { ...submission.sealed, alg: 'none' } }).success).toBe(
      false,
    );
    expect(submissionSchema.safeParse({ ...submission, channel: 'assisted' }).success).toBe(false);
    expect(submissionSchema.safeParse({ ...submission, channel: 'assisted', staffId: 'staff-7' }).success).toBe(true);
  });
});

describe('formSchema', () => {
  const title = { mn: 'Маягт' };
  const label = { mn: 'Талбар' };

  it('accepts a form and applies field defaults', () => {
    const f = formSchema.parse({
      id: 'residence-move',
      version: 2,
      title,
      fields: [
        { id: 'fullName', type: 'text', label },
        { id: 'children', type: 'number', label },
        { id: 'moveDate', type: 'date', label, min: 'today', max: '2030-12-31' },
        { id: 'kind', type: 'select', label, options: [{ value: 'a', label }] },
        { id: 'registrationNo', type: 'registration_number', label, required: true },
        { id: 'phone', type: 'phone', label },
      ],
    });
    expect(f.fields.map((x) => x.required)).toEqual([false, false, false, false, true, false]);
    expect(f.fields[0]).toMatchObject({ type: 'text', maxLength: 200 });
    expect(f.fields[1]).toMatchObject({ type: 'number', integer: true });
  });

  it('rejects duplicate field ids', () => {
    const r = formSchema.safeParse({
      id: 'f',
      version: 1,
      title,
      fields: [
        { id: 'phone', type: 'phone', label },
        { id: 'name', type: 'text', label },
        { id: 'phone', type: 'text', label },
      ],
    });
    const issues = issuesOf(r);
    expect(issues.map((i) => i.path.join('.'))).toContain('fields');
  });

  it('any list of distinct ids is accepted; any list with a repeat is rejected', () => {
    const fieldId = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,8}$/);
    fc.assert(
      fc.property(fc.array(fieldId, { minLength: 1, maxLength: 8 }), (ids) => {
        const r = formSchema.safeParse({
          id: 'f',
          version: 1,
          title,
          fields: ids.map((id) => ({ id, type: 'text', label })),
        });
        expect(r.success).toBe(new Set(ids).size === ids.length);
      }),
    );
  });

  it('rejects other malformed forms', () => {
    const base = { id: 'f', version: 1, title, fields: [{ id: 'a', type: 'text', label }] };
    const bad: unknown[] = [
      { ...base, id: 'Form' },
      { ...base, id: '-f' },
      { ...base, version: 0 },
      { ...base, fields: [] },
      { ...base, title: { mn: '   ' } },
      { ...base, fields: [{ id: '1a', type: 'text', label }] },
      { ...base, fields: [{ id: 'a-b', type: 'text', label }] },
      { ...base, fields: [{ id: 'a', type: 'email', label }] },
      { ...base, fields: [{ id: 'a', type: 'select', label, options: [] }] },
      { ...base, fields: [{ id: 'a', type: 'select', label, options: [{ value: '', label }] }] },
      { ...base, fields: [{ id: 'a', type: 'date', label, min: '2024-02-30' }] },
      { ...base, fields: [{ id: 'a', type: 'date', label, max: 'tomorrow' }] },
      { ...base, fields: [{ id: 'a', type: 'text', label, maxLength: 5001 }] },
      { ...base, fields: [{ id: 'a', type: 'text', label, maxLength: 0 }] },
      { ...base, fields: [{ id: 'a', type: 'text', label: { en: 'Name' } }] },
    ];
    for (const form of bad) expect(formSchema.safeParse(form).success, JSON.stringify(form)).toBe(false);
  });
});

describe('serviceSchema and categorySchema', () => {
  const t = { mn: 'Текст' };

  it('accept well-formed entries with defaults', () => {
    const s = serviceSchema.parse({
      id: 'residence-move',
      category: 'civil-registration',
      agency: t,
      title: t,
      description: t,
      feeMnt: 2500,
      processingTime: t,
      whereToApply: t,
    });
    expect(s.documents).toEqual([]);
    expect(categorySchema.parse({ id: 'civil-registration', title: t }).order).toBe(0);
  });

  it('reject negative or fractional fees and bad ids', () => {
    const base = {
      id: 's',
      category: 'c',
      agency: t,
      title: t,
      description: t,
      feeMnt: 0,
      processingTime: t,
      whereToApply: t,
    };
    expect(serviceSchema.safeParse(base).success).toBe(true);
    expect(serviceSchema.safeParse({ ...base, feeMnt: -1 }).success).toBe(false);
    expect(serviceSchema.safeParse({ ...base, feeMnt: 2.5 }).success).toBe(false);
    expect(serviceSchema.safeParse({ ...base, formId: 'Bad Id' }).success).toBe(false);
    expect(categorySchema.safeParse({ id: 'c', title: t, icon: 'x'.repeat(33) }).success).toBe(false);
  });
});

describe('localizedTextSchema and pickText', () => {
  it('requires non-blank Mongolian and trims every language', () => {
    expect(localizedTextSchema.parse({ mn: '  Сайн байна уу ', en: ' Hello ' })).toEqual({
      mn: 'Сайн байна уу',
      en: 'Hello',
    });
    expect(localizedTextSchema.safeParse({ en: 'Hello' }).success).toBe(false);
    expect(localizedTextSchema.safeParse({ mn: ' ' }).success).toBe(false);
    expect(localizedTextSchema.safeParse({ mn: 'а', kk: '' }).success).toBe(false);
  });

  it('falls back to Mongolian when a language is missing', () => {
    const text = { mn: 'Өргөдөл', en: 'Petition' };
    expect(pickText(text, 'mn')).toBe('Өргөдөл');
    expect(pickText(text, 'en')).toBe('Petition');
    expect(pickText(text, 'kk')).toBe('Өргөдөл');
  });
});
