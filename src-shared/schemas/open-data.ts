import { z } from 'zod';

/**
 * The action plan's open data as the kiosk carries it (issue 19): one record shape per dataset,
 * checked by the server's importers before anything is published and by the kiosk before it
 * shows a record. Every record names its place (aimag, and soum where it has one) so that a kiosk
 * is sent its own aimag's records, and its source (link and the date it was taken) so that the
 * citizen can see where a figure comes from.
 */

export const OPEN_DATASETS = [
  'contract',
  'budget-line',
  'account-payment',
  'licence',
  'project',
  'environment-notice',
  'protected-area',
  'crime-count',
  'declaration',
  'hearing',
  'boundary',
] as const;
export const openDatasetSchema = z.enum(OPEN_DATASETS);
export type OpenDataset = z.infer<typeof openDatasetSchema>;

/** Procurement contracts below this value (₮) are not carried (action plan 3.3.1.8). */
export const CONTRACT_THRESHOLD_MNT = 80_000_000;
/** Transparent Account payments at or below this value (₮) are not carried; salaries never are. */
export const ACCOUNT_THRESHOLD_MNT = 5_000_000;
/** Crime counts below this are shown as "fewer than 5", so that no person can be recognised. */
export const CRIME_SUPPRESS_BELOW = 5;

const aimagSchema = z.string().regex(/^\d{2}$/, 'aimag: a 2-digit statistics code');
const soumSchema = z.string().regex(/^\d{4}$/, 'soum: a 4-digit statistics code');
const isoDate = z.iso.date();
const money = z.number().finite().min(0);

export const openDataSourceSchema = z.strictObject({
  /** Where the citizen (or a journalist) can find the original. */
  url: z.url({ protocol: /^https?$/ }),
  /** The day the data was taken from the source. */
  takenOn: isoDate,
});
export type OpenDataSource = z.infer<typeof openDataSourceSchema>;

const placed = {
  id: z.string().min(1).max(200),
  aimag: aimagSchema,
  /** Null when the record belongs to the whole aimag (or the nation, with aimag `00`). */
  soum: soumSchema.nullable(),
  source: openDataSourceSchema,
};

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z.array(position).min(4);
export const areaGeometrySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
  z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
]);
export type AreaGeometry = z.infer<typeof areaGeometrySchema>;

export const contractSchema = z.strictObject({
  ...placed,
  ocid: z.string().min(1),
  buyer: z.string().min(1),
  title: z.string().min(1),
  /** OCDS procurementMethod: open, selective, limited, direct. */
  method: z.string().nullable(),
  /** OCDS status of the latest stage known: planning, tender, award, contract, implementation… */
  stage: z.enum(['planning', 'tender', 'award', 'contract', 'implementation']),
  status: z.string().nullable(),
  value: money,
  suppliers: z.array(z.string().min(1)),
  tenderDate: isoDate.nullable(),
  awardDate: isoDate.nullable(),
  contractDate: isoDate.nullable(),
  payments: z.array(z.strictObject({ date: isoDate, amount: money })),
  milestones: z.array(
    z.strictObject({ title: z.string().min(1), dueDate: isoDate.nullable(), status: z.string().nullable() }),
  ),
});
export type Contract = z.infer<typeof contractSchema>;

export const budgetLineSchema = z.strictObject({
  ...placed,
  year: z.int().min(2000).max(2100),
  organisation: z.string().min(1),
  /** The economic classification code and its name (e.g. 2.1.2 "Бараа, үйлчилгээ"). */
  economicCode: z.string().min(1),
  economicName: z.string().min(1),
  approved: money,
  executed: money,
});
export type BudgetLine = z.infer<typeof budgetLineSchema>;

export const accountPaymentSchema = z.strictObject({
  ...placed,
  date: isoDate,
  organisation: z.string().min(1),
  payee: z.string().min(1),
  purpose: z.string().min(1),
  amount: money,
});
export type AccountPayment = z.infer<typeof accountPaymentSchema>;

export const licenceSchema = z.strictObject({
  ...placed,
  /** The licence number as the cadastre writes it. */
  number: z.string().min(1),
  holder: z.string().min(1),
  kind: z.enum(['exploration', 'mining', 'oil-exploration', 'oil-production']),
  status: z.enum(['active', 'suspended', 'expired', 'revoked', 'applied']),
  commodities: z.array(z.string().min(1)),
  areaHa: money,
  granted: isoDate.nullable(),
  expires: isoDate.nullable(),
  /** Every soum the licence area touches (the record's `soum` is the first). */
  soums: z.array(soumSchema),
  geometry: areaGeometrySchema,
});
export type Licence = z.infer<typeof licenceSchema>;

export const projectSchema = z.strictObject({
  ...placed,
  /** The IATI activity identifier. */
  iatiId: z.string().min(1),
  kind: z.enum(['foreign-loan', 'grant', 'resource-agreement']),
  title: z.string().min(1),
  description: z.string().nullable(),
  reportingOrg: z.string().min(1),
  participants: z.array(z.string().min(1)),
  status: z.enum(['pipeline', 'implementation', 'finalisation', 'closed', 'cancelled', 'suspended']),
  start: isoDate.nullable(),
  end: isoDate.nullable(),
  /** Total budget in tögrög (converted with the rate given at import when reported in another currency). */
  budgetMnt: money.nullable(),
  currency: z.string().length(3),
  budgetInCurrency: money.nullable(),
});
export type Project = z.infer<typeof projectSchema>;

export const environmentNoticeSchema = z.strictObject({
  ...placed,
  title: z.string().min(1),
  /** Who asked for the assessment or gave the notice. */
  proponent: z.string().min(1),
  kind: z.enum(['assessment', 'permit', 'warning', 'hearing']),
  published: isoDate,
  commentsUntil: isoDate.nullable(),
  summary: z.string().min(1),
  geometry: areaGeometrySchema.nullable(),
});
export type EnvironmentNotice = z.infer<typeof environmentNoticeSchema>;

export const protectedAreaSchema = z.strictObject({
  ...placed,
  name: z.string().min(1),
  category: z.enum(['strict', 'national-park', 'nature-reserve', 'monument', 'local']),
  areaHa: money,
  established: isoDate.nullable(),
  geometry: areaGeometrySchema,
});
export type ProtectedArea = z.infer<typeof protectedAreaSchema>;

export const crimeCountSchema = z.strictObject({
  ...placed,
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month: YYYY-MM'),
  crime: z.string().min(1),
  /** Null when the true count is 1–4 and was suppressed. */
  count: z.int().min(0).nullable(),
});
export type CrimeCount = z.infer<typeof crimeCountSchema>;

/** Only what the Law on Regulating Public and Private Interests makes public; nothing else is kept. */
export const declarationSchema = z.strictObject({
  ...placed,
  name: z.string().min(1),
  position: z.string().min(1),
  organisation: z.string().min(1),
  year: z.int().min(2000).max(2100),
  income: money,
  realEstateCount: z.int().min(0),
  realEstateValue: money,
  vehicleCount: z.int().min(0),
  vehicleValue: money,
});
export type Declaration = z.infer<typeof declarationSchema>;

export const hearingSchema = z.strictObject({
  ...placed,
  organiser: z.string().min(1),
  topic: z.string().min(1),
  /** Local date and time of the hearing, as the organiser announced it (no zone: it is the place's). */
  startsAt: z.iso.datetime({ local: true }),
  place: z.string().min(1),
  howToTakePart: z.string().min(1),
  result: z.string().nullable(),
});
export type Hearing = z.infer<typeof hearingSchema>;

/**
 * An aimag's outline or one soum's border (issue 19's map): the kiosk draws its aimag from these,
 * offline, with no tile server. `soum` is null for the aimag's outline. The soums of an aimag tile
 * it; `centre` is where the soum's centre (its settlement) lies, and where the map writes its name.
 */
export const boundarySchema = z
  .strictObject({
    ...placed,
    level: z.enum(['aimag', 'soum']),
    /** The name as the source writes it (Mongolian); the kiosk shows the published place name in the visitor's language. */
    name: z.string().min(1),
    centre: position,
    geometry: areaGeometrySchema,
  })
  .refine((b) => (b.level === 'aimag') === (b.soum === null), {
    message: 'an aimag outline has no soum, a soum border has one',
    path: ['soum'],
  });
export type Boundary = z.infer<typeof boundarySchema>;

export const openDataSchemas = {
  contract: contractSchema,
  'budget-line': budgetLineSchema,
  'account-payment': accountPaymentSchema,
  licence: licenceSchema,
  project: projectSchema,
  'environment-notice': environmentNoticeSchema,
  'protected-area': protectedAreaSchema,
  'crime-count': crimeCountSchema,
  declaration: declarationSchema,
  hearing: hearingSchema,
  boundary: boundarySchema,
} as const satisfies Record<OpenDataset, z.ZodType<{ id: string; aimag: string }>>;

export type OpenDataRecord = {
  [K in OpenDataset]: z.infer<(typeof openDataSchemas)[K]>;
}[OpenDataset];
