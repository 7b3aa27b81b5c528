import { formSchema, type Form } from '../schemas/content.js';
import { PETITION_CATEGORIES, STANCES, type SealedContent } from '../schemas/submission.js';

/**
 * The forms of the kinds that are not a published service form — petition, draft-law comment,
 * service rating — written in the same schema as a service's form, so one function
 * (`validateAnswers`) checks every submission: on the kiosk field by field as the citizen types,
 * and on the server after it opens the envelope.
 *
 * Each is versioned like a published form. A submission names the version it was filled with;
 * one that names none (kiosks from before versions) is checked by version 1, the rule the server
 * held then, so nothing such a kiosk took is ever refused. New versions are added, never edited.
 */

const parse = (form: unknown): Form => formSchema.parse(form);

const PETITION_FIELDS_V1 = [
  {
    id: 'category',
    type: 'radio',
    required: true,
    label: { mn: 'Өргөдлийн төрөл', kk: 'Өтініш түрі', en: 'Kind of petition' },
    options: PETITION_CATEGORIES.map((value) => ({ value, label: { mn: value } })),
  },
  {
    id: 'subject',
    type: 'text',
    required: true,
    maxLength: 200,
    label: { mn: 'Гарчиг', kk: 'Тақырып', en: 'Subject' },
  },
  { id: 'text', type: 'long_text', required: true, maxLength: 5000, label: { mn: 'Агуулга', kk: 'Мәтін', en: 'Text' } },
  { id: 'name', type: 'text', maxLength: 200, label: { mn: 'Овог, нэр', kk: 'Аты-жөні', en: 'Name' } },
  { id: 'phone', type: 'text', maxLength: 40, label: { mn: 'Утас', kk: 'Телефон', en: 'Phone' } },
  { id: 'address', type: 'long_text', maxLength: 500, label: { mn: 'Хаяг', kk: 'Мекенжай', en: 'Address' } },
] as const;

/**
 * Version 1: what the server took before versions (its sealed-content schema: a subject and a
 * text of at least one character, a phone of at most 40). Kiosks of that time asked more (a text
 * of 10, a phone that `parsePhone` reads), so everything they sent passes.
 */
const PETITION_V1 = parse({
  id: 'petition',
  version: 1,
  title: { mn: 'Өргөдөл, гомдол', kk: 'Өтініш, шағым', en: 'Petition' },
  fields: PETITION_FIELDS_V1,
});

/** Version 2: what the kiosk asks today — a text of at least 10 characters and a real phone number. */
const PETITION_V2 = parse({
  ...PETITION_V1,
  version: 2,
  fields: PETITION_FIELDS_V1.map((f) =>
    f.id === 'text' ? { ...f, minLength: 10 } : f.id === 'phone' ? { id: 'phone', type: 'phone', label: f.label } : f,
  ),
  sections: [
    { id: 'category', title: { mn: 'Төрөл', kk: 'Түрі', en: 'Kind' }, fields: ['category'] },
    { id: 'message', title: { mn: 'Өргөдөл', kk: 'Өтініш', en: 'Message' }, fields: ['subject', 'text'] },
    {
      id: 'contact',
      title: { mn: 'Холбоо барих', kk: 'Байланыс', en: 'Contact' },
      fields: ['name', 'phone', 'address'],
    },
  ],
});

export const PETITION_FORMS: readonly Form[] = [PETITION_V1, PETITION_V2];
export const PETITION_FORM = PETITION_V2;

/** A draft-law comment: the stance, the text, and only if the citizen wants, a name and a way to reach them. */
export const LAW_COMMENT_FORM = parse({
  id: 'law-comment',
  version: 1,
  title: { mn: 'Хуулийн төсөлд санал өгөх', kk: 'Заң жобасына пікір', en: 'Comment on a draft law' },
  fields: [
    {
      id: 'stance',
      type: 'radio',
      required: true,
      label: { mn: 'Байр суурь', kk: 'Ұстаным', en: 'Stance' },
      options: STANCES.map((value) => ({ value, label: { mn: value } })),
    },
    {
      id: 'text',
      type: 'long_text',
      required: true,
      maxLength: 5000,
      label: { mn: 'Санал', kk: 'Пікір', en: 'Comment' },
    },
    { id: 'name', type: 'text', maxLength: 200, label: { mn: 'Нэр', kk: 'Аты', en: 'Name' } },
    { id: 'contact', type: 'text', maxLength: 200, label: { mn: 'Холбоо барих', kk: 'Байланыс', en: 'Contact' } },
  ],
});
export const LAW_COMMENT_FORMS: readonly Form[] = [LAW_COMMENT_FORM];

/**
 * A wish to take part in a public hearing (issue 19): the citizen's name and a phone number the
 * organiser can call; the hearing itself travels in clear (`hearingId`). Both are required: a
 * sign-up nobody can be reached at is of no use to the organiser.
 */
export const HEARING_SIGNUP_FORM = parse({
  id: 'hearing-signup',
  version: 1,
  title: { mn: 'Олон нийтийн сонсголд оролцох', kk: 'Қоғамдық тыңдауға қатысу', en: 'Take part in a public hearing' },
  fields: [
    {
      id: 'name',
      type: 'text',
      required: true,
      maxLength: 200,
      label: { mn: 'Овог, нэр', kk: 'Аты-жөні', en: 'Name' },
    },
    { id: 'phone', type: 'phone', required: true, label: { mn: 'Утас', kk: 'Телефон', en: 'Phone' } },
  ],
});
export const HEARING_SIGNUP_FORMS: readonly Form[] = [HEARING_SIGNUP_FORM];

/** The rating values a feedback form's `rating` field may offer: 1 (bad) to 5 (very good). */
export const RATING_VALUES = ['1', '2', '3', '4', '5'] as const;

/**
 * A rating with an optional comment, for feedback sent without a published feedback form of its
 * own (a published form with `kind: 'service_feedback'` is checked by its own fields instead).
 */
export const FEEDBACK_FORM = parse({
  id: 'feedback',
  version: 1,
  title: { mn: 'Үйлчилгээний үнэлгээ', kk: 'Қызметті бағалау', en: 'Service rating' },
  fields: [
    {
      id: 'rating',
      type: 'radio',
      required: true,
      label: { mn: 'Үнэлгээ', kk: 'Баға', en: 'Rating' },
      options: RATING_VALUES.map((value) => ({ value, label: { mn: value } })),
    },
    { id: 'text', type: 'long_text', maxLength: 2000, label: { mn: 'Санал', kk: 'Пікір', en: 'Comment' } },
  ],
});

/** The form version a submission was filled with; undefined when there never was one. */
export function kindForm(forms: readonly Form[], version: number | undefined): Form | undefined {
  return forms.find((f) => f.version === (version ?? 1));
}

type Answers = Record<string, string>;

const given = (entries: [string, string | undefined][]): Answers =>
  Object.fromEntries(entries.filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));

/** A petition's answers from its category and its opened envelope. */
export function petitionAnswers(category: string, content: SealedContent<'petition'>): Answers {
  return given([
    ['category', category],
    ['subject', content.subject],
    ['text', content.text],
    ['name', content.contact?.name],
    ['phone', content.contact?.phone],
    ['address', content.contact?.address],
  ]);
}

/** What the kiosk seals for a petition, from the validated (normalised) answers. */
export function petitionContent(values: Answers, answerKey?: string): SealedContent<'petition'> {
  const contact = given([
    ['name', values.name],
    ['phone', values.phone],
    ['address', values.address],
  ]);
  return {
    ...(answerKey ? { answerKey } : {}),
    subject: values.subject ?? '',
    text: values.text ?? '',
    ...(Object.keys(contact).length > 0 ? { contact } : {}),
  };
}

/** A draft-law comment's answers from its stance and its opened envelope. */
export function lawCommentAnswers(stance: string, content: SealedContent<'law_comment'>): Answers {
  return given([
    ['stance', stance],
    ['text', content.text],
    ['name', content.name],
    ['contact', content.contact],
  ]);
}

export function lawCommentContent(values: Answers, answerKey?: string): SealedContent<'law_comment'> {
  return {
    ...(answerKey ? { answerKey } : {}),
    text: values.text ?? '',
    ...given([
      ['name', values.name],
      ['contact', values.contact],
    ]),
  };
}

/** A rating's answers without a published form: the rating and the comment, if any. */
export function feedbackAnswers(rating: number, content: SealedContent<'service_feedback'>): Answers {
  return given([
    ['rating', String(rating)],
    ['text', content.text],
  ]);
}

/** A hearing sign-up's answers from its opened envelope. */
export function hearingSignupAnswers(content: SealedContent<'hearing_signup'>): Answers {
  return given([
    ['name', content.name],
    ['phone', content.phone],
  ]);
}

/** What the kiosk seals for a hearing sign-up, from the validated (normalised) answers. */
export function hearingSignupContent(values: Answers, answerKey?: string): SealedContent<'hearing_signup'> {
  return { ...(answerKey ? { answerKey } : {}), name: values.name ?? '', phone: values.phone ?? '' };
}
