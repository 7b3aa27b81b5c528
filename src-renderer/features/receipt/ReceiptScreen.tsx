import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import { formatReceiptSecret } from '../../../src-shared/answers/receipt-secret.js';
import { formatCalendarDate } from '../../../src-shared/format.js';
import { useLang, useShell } from '../../app/kiosk-context.js';
import { useOutboxEntry } from '../../data/hooks.js';
import type { ReceiptPrintState } from '../../core/kiosk-core.js';
import { printProblemText } from './print-problem.js';
import type { ReceiptSubject } from '../../app/navigation.js';
import { SubmissionSubject } from './SubmissionSubject.js';

export type PrintState = ReceiptPrintState;

const DELIVERY_MESSAGE = {
  queued: 'receipt.queued',
  sending: 'receipt.sending',
  accepted: 'receipt.accepted',
  quarantined: 'receipt.quarantined',
} as const;

/**
 * The citizen's proof: the tracking number very large with its QR code (the public status
 * page), whether the receipt printed and, if not, why in plain words — the number stays on
 * screen to be written down, and the submission is safe either way. The delivery line is live
 * from the outbox.
 */
export function ReceiptScreen({
  trackingNo,
  dueDate,
  secret,
  print,
  subject,
  onDone,
  onBackToLaw,
}: {
  trackingNo: string;
  dueDate: string | undefined;
  /** The receipt's secret, shown once so it can be written down if the paper did not print. */
  secret?: string | undefined;
  print: PrintState;
  /** What was submitted: named on the screen (kind, service or law and article). */
  subject?: ReceiptSubject | undefined;
  onDone(): void;
  /** After a law comment: back to the law, at the article commented on. */
  onBackToLaw?(lawId: string, article: number | null): void;
}) {
  const { t } = useTranslation();
  const { info } = useShell();
  const lang = useLang();
  const entry = useOutboxEntry(trackingNo);
  const status = entry?.status ?? 'queued';
  const printMessage =
    print.state === 'printing'
      ? t('receipt.printing')
      : print.state === 'printed'
        ? t('receipt.printed')
        : `${printProblemText(t, print.reason)} ${subject ? t('receipt.writeNumber') : t('receipt.writeItDown')}`;
  return (
    <main className="screen receipt" data-testid="screen-receipt">
      <h1>{subject ? t(`receipt.headingKind.${subject.kind}`) : t('receipt.heading')}</h1>
      <div className="receipt-card">
        <div>
          {subject && <SubmissionSubject subject={subject} />}
          <p className="receipt-label">{t('receipt.numberLabel')}</p>
          <p className="tracking-number" data-testid="tracking-number">
            {trackingNo}
          </p>
          {dueDate && (
            <p className="due-note" data-testid="receipt-due">
              {t('receipt.due', { date: formatCalendarDate(dueDate, lang) })}
            </p>
          )}
          {secret && (
            <>
              <p className="receipt-label">{t('receipt.secretLabel')}</p>
              <p className="tracking-number receipt-secret" data-testid="receipt-secret">
                {formatReceiptSecret(secret)}
              </p>
              <p className="due-note">{t('receipt.secretHint')}</p>
            </>
          )}
        </div>
        <QrCode text={`${info.publicSite}/track/${trackingNo}`} label={t('receipt.qrLabel')} />
      </div>
      <p
        className={print.state === 'failed' ? 'print-state error' : 'print-state'}
        role="status"
        data-testid="print-state"
        data-state={print.state}
        data-reason={print.reason}
      >
        {printMessage}
      </p>
      <p className={`delivery delivery-${status}`} role="status" data-testid="delivery-state" data-state={status}>
        {t(DELIVERY_MESSAGE[status])}
      </p>
      <p className="lead">{t('receipt.next')}</p>
      {subject?.kind === 'law_comment' && subject.lawId && onBackToLaw && (
        <button
          type="button"
          className="secondary-button receipt-back-to-law"
          onClick={() => onBackToLaw(subject.lawId!, subject.articleNumber ?? null)}
          data-testid="receipt-back-to-law"
        >
          {t('laws.comment.backToLaw')}
        </button>
      )}
      <button type="button" className="primary-button" onClick={onDone} data-testid="receipt-done">
        {t('receipt.done')}
      </button>
    </main>
  );
}

/** A QR code drawn as one SVG path from the encoder's module matrix (no canvas, no network). */
function QrCode({ text, label }: { text: string; label: string }) {
  const { path, size } = useMemo(() => {
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    let d = '';
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (qr.modules.get(x, y)) d += `M${x + 4} ${y + 4}h1v1h-1z`;
    return { path: d, size: n + 8 };
  }, [text]);
  return (
    <figure className="qr" data-testid="receipt-qr" data-text={text}>
      <svg viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} shapeRendering="crispEdges">
        <rect width={size} height={size} fill="#fff" />
        <path d={path} fill="#000" />
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}
