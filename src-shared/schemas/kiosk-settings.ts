import { z } from 'zod';
import { AIMAGS } from '../rules/aimag-codes.js';

/**
 * Remote settings (issue 17, "Remote settings"): what the centre may change on a kiosk without a
 * technician. A version names only the settings it changes; what it leaves out stays as the
 * kiosk's provisioning file says. Versions are numbered by the server, one sequence for the whole
 * fleet, so a higher number is always newer (a rollback is a new version with an old version's
 * settings). The server signs each delivery with its content key; the kiosk checks the signature
 * with its pinned key, that it is meant for this kiosk and newer than what it runs, and that it
 * can apply every part (`settingsRefusal`) — else it keeps the old settings and reports why.
 *
 * The schema is wider than what a kiosk accepts on purpose (a language code it has no words for,
 * a roll width its printer lacks, an idle timeout out of range): the centre can say it, and the
 * kiosk is the one that knows it cannot do it.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day like 09:00');

/** One day's opening, in the kiosk's own clock (Hovd time in Bayan-Ölgii, Khovd, Uvs); null: closed. */
export const openingSchema = z
  .strictObject({ open: clock, close: clock })
  .refine((o) => o.open < o.close, 'must close after it opens')
  .nullable();
export type Opening = z.infer<typeof openingSchema>;

export const openingHoursSchema = z.strictObject({
  mon: openingSchema,
  tue: openingSchema,
  wed: openingSchema,
  thu: openingSchema,
  fri: openingSchema,
  sat: openingSchema,
  sun: openingSchema,
});
export type OpeningHours = z.infer<typeof openingHoursSchema>;

const languageCode = z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code like "mn"');

export const kioskSettingsSchema = z
  .strictObject({
    idle: z
      .strictObject({
        timeoutSeconds: z.int().min(1).max(86_400),
        warningSeconds: z.int().min(1).max(3600),
      })
      .optional(),
    languages: z.array(languageCode).min(1).max(10).optional(),
    defaultLanguage: languageCode.optional(),
    printer: z
      .strictObject({
        /** Characters per line. */
        width: z.int().min(16).max(96).optional(),
        /** How text is printed (kiosk config `printer.text`). */
        text: z.enum(['raster', 'kz1048']).optional(),
      })
      .optional(),
    openingHours: openingHoursSchema.optional(),
    /** The text size a visitor starts with, per cent of normal. */
    textScale: z.int().min(50).max(400).optional(),
    /** `kiosk` or `library` (kiosk config `presentation`). */
    mode: z.enum(['kiosk', 'library']).optional(),
    /**
     * The aimags whose open data (issue 19) this kiosk carries besides its own and the nation's,
     * by their 2-digit codes (e.g. a provincial library near an aimag border, or the capital's
     * Citizens' Chamber carrying all); `[]`: its own only again.
     */
    openDataAimags: z
      .array(z.string().regex(/^\d{2}$/, 'must be a 2-digit aimag code like "83"'))
      .max(22)
      .optional(),
  })
  .refine((s) => Object.keys(s).length > 0, 'must change at least one setting');
export type KioskSettings = z.infer<typeof kioskSettingsSchema>;

/** What the server signs: the settings, for which kiosk, which version, when. */
export const settingsPayloadSchema = z.object({
  kioskCode: z.string().regex(/^\d{4}$/),
  version: z.int().min(1).max(2_147_483_647),
  settings: kioskSettingsSchema,
  signedAt: z.iso.datetime({ offset: true }),
});
export type SettingsPayload = z.infer<typeof settingsPayloadSchema>;

/**
 * A delivery as it travels: the payload and an Ed25519 signature over `canonicalJson(payload)`
 * (UTF-8) with the server's content key, named by its key id, exactly as content pages are signed.
 */
export const signedSettingsSchema = z.object({
  payload: settingsPayloadSchema,
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
});
export type SignedSettings = z.infer<typeof signedSettingsSchema>;

/** What a kiosk can do, to judge a version against. */
export interface KioskAbilities {
  /** Languages it has words for. */
  languages: readonly string[];
  /** Roll widths its printer takes (characters per line). */
  printerWidths: readonly number[];
  /** The idle timeout's and warning's allowed ranges (kiosk config schema). */
  idleTimeout: { min: number; max: number };
  idleWarning: { min: number; max: number };
  textScales: readonly number[];
  /** The languages it offers now (a version's default language must be among those it will offer). */
  currentLanguages: readonly string[];
  /** Its default language now (a version's languages must still include it, unless it sets a new one). */
  currentDefault: string;
}

/** The idle limits of the kiosk config schema (src-shared/schemas/kiosk-config.ts). */
export const IDLE_TIMEOUT_RANGE = { min: 15, max: 3600 } as const;
export const IDLE_WARNING_RANGE = { min: 20, max: 300 } as const;
export const PRINTER_WIDTHS = [32, 48] as const;

/**
 * Why a kiosk cannot apply `settings` (plain words for the centre, in English like the logs), or
 * null when it can apply every part. A version is applied whole or not at all.
 */
export function settingsRefusal(settings: KioskSettings, can: KioskAbilities): string | null {
  const reasons: string[] = [];
  if (settings.languages) {
    const missing = settings.languages.filter((l) => !can.languages.includes(l));
    if (missing.length > 0) reasons.push(`languages not on this kiosk: ${missing.join(', ')}`);
  }
  const languages = settings.languages ?? can.currentLanguages;
  if (settings.defaultLanguage !== undefined && !languages.includes(settings.defaultLanguage)) {
    reasons.push(`default language ${settings.defaultLanguage} is not among the languages offered`);
  }
  if (settings.languages && settings.defaultLanguage === undefined && !languages.includes(can.currentDefault)) {
    reasons.push(`the default language ${can.currentDefault} would no longer be offered`);
  }
  if (settings.idle) {
    const { timeoutSeconds, warningSeconds } = settings.idle;
    if (timeoutSeconds < can.idleTimeout.min || timeoutSeconds > can.idleTimeout.max) {
      reasons.push(`idle timeout ${timeoutSeconds} s is outside ${can.idleTimeout.min}–${can.idleTimeout.max} s`);
    }
    if (warningSeconds < can.idleWarning.min || warningSeconds > can.idleWarning.max) {
      reasons.push(`idle warning ${warningSeconds} s is outside ${can.idleWarning.min}–${can.idleWarning.max} s`);
    }
  }
  if (settings.printer?.width !== undefined && !can.printerWidths.includes(settings.printer.width)) {
    reasons.push(`printer width ${settings.printer.width} is not supported (${can.printerWidths.join(' or ')})`);
  }
  if (settings.textScale !== undefined && !can.textScales.includes(settings.textScale)) {
    reasons.push(`text size ${settings.textScale}% is not offered (${can.textScales.join(', ')})`);
  }
  const unknownAimags = (settings.openDataAimags ?? []).filter((code) => !(code in AIMAGS) || code === '00');
  if (unknownAimags.length > 0) reasons.push(`no such aimag: ${unknownAimags.join(', ')}`);
  return reasons.length > 0 ? reasons.join('; ') : null;
}

/** The weekday and time of day (`HH:MM`) of `at` on the clock of `timeZone`. */
export function localWeekdayTime(at: Date, timeZone: string): { day: Weekday; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').toLowerCase().slice(0, 3) as Weekday;
  return { day, time: `${get('hour')}:${get('minute')}` };
}

/** Whether the kiosk is meant to be open at `at`, by its opening hours read on its own clock. */
export function isOpenAt(hours: OpeningHours, at: Date, timeZone: string): boolean {
  const { day, time } = localWeekdayTime(at, timeZone);
  const opening = hours[day];
  return opening !== null && opening !== undefined && time >= opening.open && time < opening.close;
}

/** The event kind a kiosk reports a refused version with (details: `v<version>: <reason>`). */
export const SETTINGS_REFUSED_EVENT = 'settings_refused';
