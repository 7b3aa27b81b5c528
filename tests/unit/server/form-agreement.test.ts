import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  HEARING_SIGNUP_FORM,
  hearingSignupContent,
  LAW_COMMENT_FORM,
  lawCommentContent,
  PETITION_FORM,
  petitionContent,
} from '../../../src-shared/forms/kind-forms.js';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import { validateAnswers } from '../../../src-shared/rules/field-validation.js';
import { formSchema, type Form, type FormField } from '../../../src-shared/schemas/content.js';
import { sealedContentSchemas, submissionSchema, type Submission } from '../../../src-shared/schemas/submission.js';
import { checkSealedAnswers } from '../../../src-server/submissions/submission-checks.js';
import { TODAY, validRegistration } from '../shared/arbitraries.js';
import { REPO_ROOT } from './helpers.js';

/**
 * The kiosk and the server must agree on every answer: what the kiosk's field checks accept,
 * the server accepts after opening the envelope, and what they refuse, the server refuses too
 * (were a kiosk to send it anyway). Random answers, both sides, every kind of form.
 */

const RECEIVED = new Date(TODAY.getTime() + 60_000);
const common = {
  idempotencyKey: '9b2f6c1e-3f5a-4c7d-8e9f-0a1b2c3d4e5f',
  trackingNo: makeTrackingNumber('0421', 1).text,
  kioskCode: '0421',
  createdAt: TODAY.toISOString(),
  lang: 'mn',
  channel: 'kiosk',
  // Not opened here: the check takes the opened content directly.
  sealed: { alg: 'ECDH-P256+HKDF-SHA256+A256GCM', epk: 'A'.repeat(86) + '==', iv: 'A'.repeat(16), ct: 'AAAA' },
};

const demoForms: Form[] = (
  JSON.parse(readFileSync(path.join(REPO_ROOT, 'assets/demo-content/forms.json'), 'utf8')) as unknown[]
).map((f) => formSchema.parse(f));

/** Strings a citizen (or a broken kiosk) might give any field: empty, blank, short, long, odd. */
const anyText = fc.oneof(
  fc.constantFrom('', ' ', '\t\n', '\u00a0', 'а', 'Гэрэл муу', 'Гэрэл асахгүй', '😀😀😀😀😀', 'yes', 'x'.repeat(41)),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('а', 'ө', 'ү', ' ', '😀', '1'), maxLength: 12 }),
  fc.nat({ max: 5200 }).map((n) => 'ж'.repeat(n)),
);

/** Values shaped for a field's type, so that valid answers are drawn as often as invalid ones. */
function valueFor(field: FormField): fc.Arbitrary<string | undefined> {
  const typed: fc.Arbitrary<string>[] = (() => {
    switch (field.type) {
      case 'phone':
        return [
          fc.stringMatching(/^[0-9]{8}$/),
          fc.stringMatching(/^\+?976[ -]?[0-9]{4}[ -]?[0-9]{4}$/),
          fc.stringMatching(/^[0-9 -]{1,12}$/),
        ];
      case 'registration_number':
        return [validRegistration.map((r) => r.text), fc.stringMatching(/^[А-Я]{2}[0-9]{6,9}$/)];
      case 'date':
        return [
          fc
            .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
            .map((d) => d.toISOString().slice(0, 10)),
        ];
      case 'number':
        return [fc.integer({ min: -10, max: 100_000 }).map(String), fc.constantFrom('1.5', '2,5', '1e3', '0x1A')];
      case 'select':
      case 'radio':
        return [fc.constantFrom(...field.options.map((o) => o.value))];
      case 'checkbox':
        return [fc.constant('yes')];
      case 'place':
        return [fc.constantFrom('83/8301', '65', '11/1101', '83')];
      case 'text':
      case 'long_text':
        return [
          fc.nat({ max: field.maxLength + 2 }).map((n) => 'а'.repeat(n)),
          fc.constantFrom(
            ...[field.minLength ?? 1, field.maxLength]
              .flatMap((n) => [n - 1, n, n + 1])
              .map((n) => 'ү'.repeat(Math.max(n, 0))),
          ),
        ];
    }
  })();
  return fc.option(fc.oneof(anyText, ...typed, ...typed), { nil: undefined, freq: 5 });
}

function answersFor(form: Form): fc.Arbitrary<Record<string, string>> {
  const entries = form.fields.map((f) => valueFor(f).map((v) => [f.id, v] as const));
  return fc
    .tuple(...entries)
    .map((pairs) => Object.fromEntries(pairs.filter((p): p is readonly [string, string] => p[1] !== undefined)));
}

/** How many answers each side accepted and refused: a test that only ever saw one verdict would prove nothing. */
const seen = { accepted: 0, refused: 0 };

/** The server's verdict on an item and its opened content: the item's schema, then the form's rule. */
function serverAccepts(item: unknown, content: unknown, form: Form | null): boolean {
  const parsed = submissionSchema.safeParse(item);
  const ok = parsed.success && checkSealedAnswers(parsed.data as Submission, content, form, RECEIVED).ok;
  seen[ok ? 'accepted' : 'refused']++;
  return ok;
}

/** What the kiosk seals is also what its outbox takes: the kind's envelope schema. */
function sealable(kind: keyof typeof sealedContentSchemas, content: unknown): unknown {
  return sealedContentSchemas[kind].parse(content);
}

const RUNS = { numRuns: 400 };

describe('kiosk and server agree on every answer', () => {
  afterAll(() => {
    expect(seen.accepted).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(500);
  });

  it('petitions (form version 2)', () => {
    fc.assert(
      fc.property(answersFor(PETITION_FORM), (answers) => {
        const kiosk = validateAnswers(PETITION_FORM, answers, TODAY);
        // What the kiosk sends when its checks pass; otherwise what a kiosk would send without them.
        const values = kiosk.ok ? kiosk.values : answers;
        const content = sealable('petition', petitionContent(values));
        const item = {
          ...common,
          kind: 'petition',
          petitionCategory: values.category,
          formVersion: PETITION_FORM.version,
        };
        expect(serverAccepts(item, content, null)).toBe(kiosk.ok);
      }),
      RUNS,
    );
  });

  it('draft-law comments', () => {
    fc.assert(
      fc.property(answersFor(LAW_COMMENT_FORM), (answers) => {
        const kiosk = validateAnswers(LAW_COMMENT_FORM, answers, TODAY);
        const values = kiosk.ok ? kiosk.values : answers;
        const content = sealable('law_comment', lawCommentContent(values));
        const item = {
          ...common,
          kind: 'law_comment',
          lawId: 'l',
          lawVersion: 1,
          articleNumber: null,
          stance: values.stance,
        };
        expect(serverAccepts(item, content, null)).toBe(kiosk.ok);
      }),
      RUNS,
    );
  });

  it('public-hearing sign-ups', () => {
    fc.assert(
      fc.property(answersFor(HEARING_SIGNUP_FORM), (answers) => {
        const kiosk = validateAnswers(HEARING_SIGNUP_FORM, answers, TODAY);
        const values = kiosk.ok ? kiosk.values : answers;
        const content = sealable('hearing_signup', hearingSignupContent(values));
        const item = { ...common, kind: 'hearing_signup', hearingId: 'hearing-83-010', formVersion: 1 };
        expect(serverAccepts(item, content, null)).toBe(kiosk.ok);
      }),
      RUNS,
    );
  });

  for (const form of demoForms) {
    it(`the demo's ${form.kind ?? 'service_application'} form "${form.id}"`, () => {
      fc.assert(
        fc.property(answersFor(form), (answers) => {
          const kiosk = validateAnswers(form, answers, TODAY);
          const values = kiosk.ok ? kiosk.values : answers;
          const content = sealable(form.kind ?? 'service_application', { answers: values });
          const item =
            form.kind === 'service_feedback'
              ? {
                  ...common,
                  kind: 'service_feedback',
                  serviceId: 's',
                  rating: Number(values.rating),
                  formId: form.id,
                  formVersion: form.version,
                }
              : { ...common, kind: 'service_application', serviceId: 's', formId: form.id, formVersion: form.version };
          expect(serverAccepts(item, content, form)).toBe(kiosk.ok);
        }),
        RUNS,
      );
    });
  }

  it("what the kiosk normalised (trimmed text, phone as 8 digits) passes the server's check unchanged", () => {
    fc.assert(
      fc.property(answersFor(PETITION_FORM), (answers) => {
        const kiosk = validateAnswers(PETITION_FORM, answers, TODAY);
        fc.pre(kiosk.ok);
        const item = { ...common, kind: 'petition', petitionCategory: kiosk.values.category, formVersion: 2 };
        const server = checkSealedAnswers(submissionSchema.parse(item), petitionContent(kiosk.values), null, RECEIVED);
        expect(server).toEqual({ ok: true, values: kiosk.values });
      }),
      RUNS,
    );
  });
});
