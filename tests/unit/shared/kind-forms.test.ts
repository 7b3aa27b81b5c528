import { describe, expect, it } from 'vitest';
import {
  FEEDBACK_FORM,
  kindForm,
  LAW_COMMENT_FORM,
  lawCommentAnswers,
  lawCommentContent,
  PETITION_FORM,
  PETITION_FORMS,
  petitionAnswers,
  petitionContent,
} from '../../../src-shared/forms/kind-forms.js';
import { validateAnswers } from '../../../src-shared/rules/field-validation.js';
import { formSchema } from '../../../src-shared/schemas/content.js';
import { TODAY } from './arbitraries.js';

const petition = { category: 'complaint', subject: 'Гэрэл', text: 'Гэрэл асахгүй байна' };

describe('the petition form, version by version', () => {
  it('today (version 2) the text needs 10 characters and the phone must be a Mongolian number', () => {
    expect(PETITION_FORM.version).toBe(2);
    expect(validateAnswers(PETITION_FORM, { ...petition, text: 'Гэрэл муу' }, TODAY).errors).toEqual({
      text: { code: 'too_short', min: 10 },
    });
    expect(validateAnswers(PETITION_FORM, { ...petition, phone: 'x'.repeat(40) }, TODAY).ok).toBe(false);
    const ok = validateAnswers(PETITION_FORM, { ...petition, phone: '+976 9911-2233' }, TODAY);
    expect(ok).toMatchObject({ ok: true, values: { phone: '99112233' } });
  });

  it('version 1 (kiosks before versions) keeps the rule the server held: one character, a phone of 40', () => {
    const v1 = kindForm(PETITION_FORMS, undefined)!;
    expect(v1.version).toBe(1);
    expect(
      validateAnswers(v1, { category: 'petition', subject: 'Г', text: 'Г', phone: 'x'.repeat(40) }, TODAY).ok,
    ).toBe(true);
    expect(
      validateAnswers(v1, { category: 'petition', subject: 'Г', text: 'Г', phone: 'x'.repeat(41) }, TODAY).ok,
    ).toBe(false);
  });

  it('whatever version 2 takes, version 1 takes too: a newer kiosk never sends what an older rule refuses', () => {
    const v1 = kindForm(PETITION_FORMS, 1)!;
    for (const answers of [petition, { ...petition, phone: '88112233', name: 'Сарнай', address: 'Өлгий' }]) {
      const v2 = validateAnswers(PETITION_FORM, answers, TODAY);
      expect(v2.ok).toBe(true);
      expect(validateAnswers(v1, v2.values, TODAY).ok).toBe(true);
    }
  });

  it('an unknown version has no form', () => {
    expect(kindForm(PETITION_FORMS, 3)).toBeUndefined();
  });

  it('the envelope and the answers turn into each other; empty contact fields are left out', () => {
    const values = { ...petition, name: 'Сарнай', phone: '99112233' };
    const content = petitionContent(values);
    expect(content).toEqual({ subject: 'Гэрэл', text: petition.text, contact: { name: 'Сарнай', phone: '99112233' } });
    expect(petitionAnswers('complaint', content)).toEqual(values);
    expect(petitionContent({ ...petition, name: '' })).not.toHaveProperty('contact');
  });
});

describe('the draft-law comment and the plain rating forms', () => {
  it('a comment needs a stance and a text; name and contact are optional', () => {
    expect(validateAnswers(LAW_COMMENT_FORM, { text: 'Санал' }, TODAY).errors).toEqual({
      stance: { code: 'required' },
    });
    const values = { stance: 'against', text: 'Хэт урт', contact: '99112233' };
    expect(validateAnswers(LAW_COMMENT_FORM, values, TODAY).ok).toBe(true);
    expect(lawCommentAnswers('against', lawCommentContent(values))).toEqual(values);
  });

  it('a rating is 1 to 5', () => {
    expect(validateAnswers(FEEDBACK_FORM, { rating: '5' }, TODAY).ok).toBe(true);
    expect(validateAnswers(FEEDBACK_FORM, { rating: '6' }, TODAY).errors).toEqual({ rating: { code: 'bad_option' } });
  });
});

describe('a published form of kind service_feedback', () => {
  const base = { id: 'rate', version: 1, title: { mn: 'Үнэлгээ' }, kind: 'service_feedback' };
  const rating = (extra: Record<string, unknown> = {}) => ({
    id: 'rating',
    type: 'radio',
    required: true,
    label: { mn: 'Үнэлгээ' },
    options: ['1', '3', '5'].map((value) => ({ value, label: { mn: value } })),
    ...extra,
  });

  it('is accepted with a required, always visible rating field of values 1–5', () => {
    expect(formSchema.safeParse({ ...base, fields: [rating()] }).success).toBe(true);
  });

  it.each([
    ['no rating field', [{ id: 'comment', type: 'long_text', label: { mn: 'Санал' } }]],
    ['an optional rating', [rating({ required: false })]],
    ['a rating of 0–10', [rating({ options: [{ value: '10', label: { mn: '10' } }] })]],
    ['a rating typed as text', [{ id: 'rating', type: 'text', required: true, label: { mn: 'Үнэлгээ' } }]],
  ])('is refused with %s', (_, fields) => {
    expect(formSchema.safeParse({ ...base, fields }).success).toBe(false);
  });
});
