import { z } from 'zod';
import { KIOSK_CODE_PATTERN } from '../rules/tracking-number.js';
import { languageSchema, localizedTextSchema } from './localized-text.js';

const capturePrinterSchema = z.strictObject({
  kind: z.literal('capture'),
  /** Folder where each job's exact ESC/POS bytes are stored (relative to the config file). */
  captureDir: z.string().min(1),
  /** Characters per line: 32 for 58 mm rolls, 48 for 80 mm rolls. */
  width: z.union([z.literal(32), z.literal(48)]).default(48),
  /** Test switch: make every job fail, as a jammed printer would. */
  fail: z.boolean().default(false),
});

/**
 * One kiosk's provisioning file. The credential lives here and only the host reads it:
 * the renderer is given `KioskPublicInfo`, never this.
 */
export const kioskConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    kioskCode: z.string().regex(KIOSK_CODE_PATTERN, 'must be exactly 4 digits, e.g. "6501"'),
    name: localizedTextSchema,
    place: z.strictObject({
      aimag: z.string().regex(/^\d{2}$/, 'aimag: the 2-digit national statistics code, e.g. "65"'),
      soum: z.string().regex(/^\d{4}$/, 'soum: the 4-digit national statistics code, e.g. "6501"'),
      location: localizedTextSchema,
    }),
    server: z.strictObject({
      url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' }),
      credential: z.string().min(24, 'must be at least 24 characters'),
      timeoutMs: z.int().min(1000).max(120_000).default(10_000),
    }),
    /** The server's Ed25519 content-signing public key (base64, 32 bytes), from `npm run keys`. */
    contentPublicKey: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be the base64 Ed25519 public key that `npm run keys` prints'),
    /** The server's submission-encryption public key (base64 raw P-256 point, 65 bytes), from `npm run keys`. */
    submissionPublicKey: z
      .string()
      .regex(/^[A-Za-z0-9+/]{87}=$/, 'must be the base64 P-256 public key that `npm run keys` prints'),
    printer: capturePrinterSchema,
    /** Opens the technician screen (4–8 digits). Without it the screen cannot be opened. */
    technicianPin: z
      .string()
      .regex(/^\d{4,8}$/, 'must be 4 to 8 digits')
      .optional(),
    /** Folders searched for content bundles on USB sticks (`npm run export-content`), relative to this file. */
    importDirs: z.array(z.string().min(1)).default(['/media', '/run/media', '/mnt']),
    /** Tests only: exposes `window.__tsonkh.api` for fault and load tests. Never on a real kiosk. */
    testHooks: z.boolean().default(false),
    languages: z.array(languageSchema).min(1).default(['mn', 'kk', 'en']),
    defaultLanguage: languageSchema.default('mn'),
    sync: z.strictObject({ intervalSeconds: z.int().min(2).max(3600).default(30) }).default({ intervalSeconds: 30 }),
  })
  .refine((c) => c.languages.includes(c.defaultLanguage), {
    message: 'must be one of "languages"',
    path: ['defaultLanguage'],
  });
export type KioskConfig = z.infer<typeof kioskConfigSchema>;
export type KioskConfigInput = z.input<typeof kioskConfigSchema>;

/** What the renderer may know about its kiosk. */
export const kioskPublicInfoSchema = z.object({
  kioskCode: z.string(),
  name: localizedTextSchema,
  place: kioskConfigSchema.shape.place,
  languages: z.array(languageSchema),
  defaultLanguage: languageSchema,
  syncIntervalSeconds: z.int(),
  contentPublicKey: z.string(),
  submissionPublicKey: z.string(),
  testHooks: z.boolean(),
  mode: z.enum(['electron', 'browser']),
});
export type KioskPublicInfo = z.infer<typeof kioskPublicInfoSchema>;
