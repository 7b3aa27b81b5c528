import { useTranslation } from 'react-i18next';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import type { ReceiptSubject } from '../../app/navigation.js';
import { useLang } from '../../app/kiosk-context.js';
import './subject.css';

/**
 * What was submitted, in words: the kind ("Service request", "Comment on a draft law"…), the
 * service's or law's title, and for a comment the article (or the law as a whole). The receipt
 * screen and "Check my receipt" both say it, so a citizen with several receipts knows which is which.
 */
export function SubmissionSubject({ subject }: { subject: ReceiptSubject }) {
  const { t } = useTranslation();
  const lang = useLang();
  const article =
    subject.kind !== 'law_comment' || subject.articleNumber === undefined
      ? null
      : subject.articleNumber === null
        ? t('submission.wholeLaw')
        : t('laws.articleNumber', { number: subject.articleNumber });
  return (
    <div className="submission-subject" data-testid="submission-subject" data-kind={subject.kind}>
      <p className="receipt-label">{t('submission.whatLabel')}</p>
      <p className="submission-kind" data-testid="submission-kind">
        {t(`submission.kind.${subject.kind}`)}
      </p>
      {subject.title && (
        <p className="submission-title" data-testid="submission-title">
          {pickText(subject.title, lang)}
        </p>
      )}
      {article && (
        <p className="submission-article" data-testid="submission-article">
          {article}
        </p>
      )}
    </div>
  );
}
