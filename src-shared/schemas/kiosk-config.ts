import { z } from 'zod';
import { KIOSK_CODE_PATTERN } from '../rules/tracking-number.js';
import { languageSchema, localizedTextSchema } from './localized-text.js';
import { printerProblemSchema } from './printer-problem.js';

/** What every printer kind shares: roll width and how text is printed. */
const printerCommon = {
  /** Characters per line: 32 for 58 mm rolls (384 dots), 48 for 80 mm rolls (576 dots). */
  width: z.union([z.literal(32), z.literal(48)]).default(48),
  /**
   * `raster` (the default when absent): text drawn as an image with the bundled font, prints
   * Mongolian and Kazakh on any ESC/POS printer. `kz1048`: text in code page 53, smaller and
   * faster, only for printers whose test page shows both sample lines the same.
   */
  text: z.enum(['raster', 'kz1048']).optional(),
  /** Raster band height in dot rows (default 24); lower it for printers with a tiny input buffer. */
  bandRows: z.int().min(8).max(255).optional(),
};

const capturePrinterSchema = z.strictObject({
  kind: z.literal('capture'),
  /** Folder where each job's exact ESC/POS bytes are stored (relative to the config file). */
  captureDir: z.string().min(1),
  ...printerCommon,
  /** Test switch: make every job fail, as a jammed printer would (`true`), or for the reason given. */
  fail: z.union([z.boolean(), printerProblemSchema]).default(false),
});

const tcpPrinterSchema = z.strictObject({
  kind: z.literal('tcp'),
  /** A network printer's raw port, e.g. `tcp://192.168.1.50:9100`. */
  url: z
    .string()
    .regex(/^tcp:\/\/[A-Za-z0-9.-]+:\d{1,5}$/, 'must look like tcp://192.168.1.50:9100')
    .refine((url) => {
      const port = Number(url.slice(url.lastIndexOf(':') + 1));
      return port >= 1 && port <= 65535;
    }, 'the port must be between 1 and 65535 (printers usually listen on 9100)'),
  /** Longest wait for connecting, each status answer and each chunk written. */
  timeoutMs: z.int().min(500).max(60_000).default(5000),
  /** Ask `DLE EOT` status before and after each job; switch off only for printers that never answer. */
  statusQueries: z.boolean().default(true),
  ...printerCommon,
});

const usbPrinterSchema = z.strictObject({
  kind: z.literal('usb'),
  /** The printer's device file, e.g. `/dev/usb/lp0`: opened, written and closed for each job. */
  device: z.string().min(1),
  /** Longest wait for the whole job to be accepted by the device. */
  timeoutMs: z.int().min(500).max(60_000).default(10_000),
  ...printerCommon,
});

/** The receipt printer: `capture` (files; tests and the demo), `tcp` (network) or `usb` (device file). */
export const printerConfigSchema = z.discriminatedUnion('kind', [
  capturePrinterSchema,
  tcpPrinterSchema,
  usbPrinterSchema,
]);
export type PrinterConfig = z.infer<typeof printerConfigSchema>;

const idleSchema = z.strictObject({
  timeoutSeconds: z.int().min(15).max(3600).default(90),
  warningSeconds: z.int().min(20).max(300).default(30),
  maxExtensions: z.int().min(10).max(100).default(10),
});

/**
 * One kiosk's provisioning file. The credential lives here and only the host reads it:
 * the renderer is given `KioskPublicInfo`, never this.
 */
/**
 * A PIN typed on the kiosk's own keypad: at least 6 digits (a million to guess, against 10,000
 * for 4), at most 12. The host locks out wrong tries for longer and longer, across restarts.
 */
export const PIN_MIN_DIGITS = 6;
export const PIN_MAX_DIGITS = 12;
/** The one PIN rule: the config, the host's PIN changes and the console's PIN route all use it. */
export const PIN_PATTERN = new RegExp(`^\\d{${PIN_MIN_DIGITS},${PIN_MAX_DIGITS}}$`);
export const pinSchema = z.string().regex(PIN_PATTERN, `must be ${PIN_MIN_DIGITS} to ${PIN_MAX_DIGITS} digits`);

/** The release key's public half as a kiosk config pins it (also read alone by the Electron release loader). */
export const releasePublicKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be the base64 Ed25519 public key that `npm run release -- keygen` prints');

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
    /**
     * A demonstration machine: only then are the public demo keys and credential of
     * kiosk-config/example.json accepted (anyone can sign content or push with them).
     */
    demo: z.boolean().default(false),
    /** The server's Ed25519 content-signing public key (base64, 32 bytes), from `npm run keys`. */
    contentPublicKey: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be the base64 Ed25519 public key that `npm run keys` prints'),
    /**
     * During a change of content keys: the server's next content key, trusted beside the current
     * one until every kiosk has it; then it becomes `contentPublicKey` and this is removed.
     */
    nextContentPublicKey: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be the base64 Ed25519 public key that `npm run keys` prints')
      .optional(),
    /**
     * The release key's public half (base64 Ed25519, from `npm run release -- keygen`): the only
     * key whose releases this kiosk installs (issue 18). Not the content key. Absent: the kiosk
     * takes no new versions over the network or from a stick.
     */
    releasePublicKey: releasePublicKeySchema.optional(),
    /** The server's submission-encryption public key (base64 raw P-256 point, 65 bytes), from `npm run keys`. */
    submissionPublicKey: z
      .string()
      .regex(/^[A-Za-z0-9+/]{87}=$/, 'must be the base64 P-256 public key that `npm run keys` prints'),
    printer: printerConfigSchema,
    /** Opens the technician screen (6–12 digits, unlike every staff PIN). Without it the screen cannot be opened. */
    technicianPin: pinSchema.optional(),
    /** Folders searched for content bundles on USB sticks (`npm run export-content`), relative to this file. */
    importDirs: z.array(z.string().min(1)).default(['/media', '/run/media', '/mnt']),
    /** Tests only: exposes `window.__tsonkh.api` for fault and load tests. Never on a real kiosk. */
    testHooks: z.boolean().default(false),
    languages: z.array(languageSchema).min(1).default(['mn', 'kk', 'en']),
    defaultLanguage: languageSchema.default('mn'),
    sync: z.strictObject({ intervalSeconds: z.int().min(2).max(3600).default(30) }).default({ intervalSeconds: 30 }),
    /**
     * Privacy between visitors: after `timeoutSeconds` without a touch a warning counts down
     * `warningSeconds` (at least 20) with "I need more time" (up to `maxExtensions` times);
     * then everything of that visitor is wiped and the attract screen returns.
     */
    idle: idleSchema.default({ timeoutSeconds: 90, warningSeconds: 30, maxExtensions: 10 }),
    /**
     * `kiosk`: a citizen alone at the machine. `library`: a provincial library's large screen —
     * draft laws presented page by page, no personal-data features; submissions say channel "library".
     */
    presentation: z.enum(['kiosk', 'library']).default('kiosk'),
    /**
     * The public web site that receipts and law prints point to with their QR codes:
     * `<publicSite>/track/<tracking no.>` and `<publicSite>/laws/<law id>/<article>`. ASCII only.
     */
    publicSite: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' })
      .regex(/^[\x21-\x7e]+$/, 'must be plain ASCII (it is printed as a QR code)')
      .transform((u) => u.replace(/\/+$/, ''))
      .default('https://tsonkh.gov.mn'),
    /** Citizens' Chamber staff who may switch on assisted mode; their id travels with each submission. */
    staff: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, 'staff id: Latin letters, digits and dashes, at most 32'),
          name: z.string().min(1).max(100),
          /**
           * Plain PIN of an old config: hashed into the host's `pins.json` on first start and then
           * taken out of this file (issue 17); PINs are set from the technician screen or the centre after.
           */
          pin: pinSchema.optional(),
        }),
      )
      .default([])
      .refine((list) => {
        const pins = list.flatMap((s) => (s.pin === undefined ? [] : [s.pin]));
        return new Set(pins).size === pins.length;
      }, 'each staff member needs their own PIN'),
  })
  .refine((c) => c.languages.includes(c.defaultLanguage), {
    message: 'must be one of "languages"',
    path: ['defaultLanguage'],
  })
  .refine((c) => c.technicianPin === undefined || c.staff.every((s) => s.pin !== c.technicianPin), {
    message: 'must differ from every staff PIN',
    path: ['technicianPin'],
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
  nextContentPublicKey: z.string().optional(),
  submissionPublicKey: z.string(),
  testHooks: z.boolean(),
  mode: z.enum(['electron', 'browser']),
  idle: idleSchema.required(),
  publicSite: z.string(),
  presentation: z.enum(['kiosk', 'library']),
  /** Whether any staff member is configured, so the kiosk offers assisted mode at all. */
  assistedMode: z.boolean(),
  /**
   * Enrolment (issue 17): `enrolled` with its own key, `legacy` set up the old way (shared
   * credential), `unenrolled` a fresh kiosk, `revoked` taken out of service by the centre. The
   * last two show citizens the out-of-service screen. Absent: as `legacy`.
   */
  enrolment: z.enum(['enrolled', 'legacy', 'unenrolled', 'revoked']).optional(),
});
export type KioskPublicInfo = z.infer<typeof kioskPublicInfoSchema>;
