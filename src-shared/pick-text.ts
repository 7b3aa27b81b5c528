import type { Language, LocalizedText } from './schemas/localized-text.js';

/** The text in `lang`, or the Mongolian original when it has not been translated yet. No zod: the first screen uses it. */
export function pickText(text: LocalizedText, lang: Language): string {
  return text[lang] ?? text.mn;
}
