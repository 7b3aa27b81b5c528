import type { LocalizedText } from '../../src-shared/schemas/localized-text.js';
import type { SubmissionKind } from '../../src-shared/schemas/submission.js';

/**
 * What a receipt is for, as the receipt screen names it: the kind, the service's or law's title
 * (a petition: its category), and for a law comment the law and the article (null: the whole law).
 */
export interface ReceiptSubject {
  kind: SubmissionKind;
  /** Unknown when this kiosk has neither the submission nor the content it names. */
  title?: LocalizedText;
  serviceId?: string;
  lawId?: string;
  articleNumber?: number | null;
}
