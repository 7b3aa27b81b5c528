import { z } from 'zod';

/** The kiosk's languages, in the order a Mongolian kiosk offers them. */
export const LANGUAGES = ['mn', 'kk', 'en'] as const;
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;

/**
 * Text shown to citizens. Mongolian is mandatory; Kazakh and English fall back to
 * Mongolian when a publisher has not translated them yet.
 */
export const localizedTextSchema = z.object({
  mn: z.string().trim().min(1),
  kk: z.string().trim().min(1).optional(),
  en: z.string().trim().min(1).optional(),
});
export type LocalizedText = z.infer<typeof localizedTextSchema>;

export { pickText } from '../pick-text.js';
