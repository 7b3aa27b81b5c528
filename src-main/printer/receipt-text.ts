import type { Language } from '../../src-shared/schemas/localized-text.js';
import type { SubmissionKind } from '../../src-shared/schemas/submission.js';

/** The fixed wording of a receipt in one language. */
export interface ReceiptText {
  /** What happened, per kind of submission. */
  heading: Record<SubmissionKind, string>;
  trackingLabel: string;
  keepReceipt: string;
}

/**
 * Receipt wording. Printed paper cannot be fixed after the fact, so it lives here, reviewed
 * with the rest of the host, in plain words a rural citizen reads without help.
 */
export const RECEIPT_TEXT: Record<Language, ReceiptText> = {
  mn: {
    heading: {
      service_application: 'Таны өргөдлийг бүртгэлээ',
      petition: 'Таны өргөдөл, гомдлыг бүртгэлээ',
      law_comment: 'Таны саналыг бүртгэлээ',
      service_feedback: 'Таны үнэлгээг бүртгэлээ',
    },
    trackingLabel: 'Өргөдлийн дугаар',
    keepReceipt: 'Энэ баримтыг хадгална уу. Энэ дугаараар өргөдлийнхөө явцыг аль ч ТҮЦ машинаас шалгаж болно.',
  },
  kk: {
    heading: {
      service_application: 'Өтінішіңіз тіркелді',
      petition: 'Өтініш-шағымыңыз тіркелді',
      law_comment: 'Ұсынысыңыз тіркелді',
      service_feedback: 'Бағаңыз тіркелді',
    },
    trackingLabel: 'Өтініш нөмірі',
    keepReceipt:
      'Осы түбіртекті сақтаңыз. Осы нөмір арқылы өтінішіңіздің барысын кез келген ТҮЦ машинасынан тексере аласыз.',
  },
  en: {
    heading: {
      service_application: 'Your application is registered',
      petition: 'Your petition is registered',
      law_comment: 'Your comment is registered',
      service_feedback: 'Your feedback is registered',
    },
    trackingLabel: 'Tracking number',
    keepReceipt:
      'Keep this receipt. You can check the status of your application at any Public Service Machine with this number.',
  },
};
