import { useTranslation } from 'react-i18next';
import { useKiosk } from '../../app/kiosk-context.js';
import { useLiveQuery } from '../../data/use-live-query.js';

export type PrintState = 'printing' | 'printed' | 'failed';

const PRINT_MESSAGE = {
  printing: 'receipt.printing',
  printed: 'receipt.printed',
  failed: 'receipt.printFailed',
} as const;
const DELIVERY_MESSAGE = {
  queued: 'receipt.queued',
  sending: 'receipt.sending',
  accepted: 'receipt.accepted',
  quarantined: 'receipt.quarantined',
} as const;

/**
 * The citizen's proof: the tracking number very large, whether the receipt printed, and
 * whether the request has reached the centre yet (live from the outbox).
 */
export function ReceiptScreen({
  trackingNo,
  printState,
  onDone,
}: {
  trackingNo: string;
  printState: PrintState;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const { db } = useKiosk();
  const entry = useLiveQuery(
    () => db.outbox.where('trackingNo').equals(trackingNo).first(),
    [db, trackingNo],
    undefined,
  );
  const status = entry?.status ?? 'queued';
  return (
    <main className="screen receipt" data-testid="screen-receipt">
      <h1>{t('receipt.heading')}</h1>
      <p className="receipt-label">{t('receipt.numberLabel')}</p>
      <p className="tracking-number" data-testid="tracking-number">
        {trackingNo}
      </p>
      <p
        className={printState === 'failed' ? 'print-state error' : 'print-state'}
        role="status"
        data-testid="print-state"
        data-state={printState}
      >
        {t(PRINT_MESSAGE[printState])}
      </p>
      <p className={`delivery delivery-${status}`} role="status" data-testid="delivery-state" data-state={status}>
        {t(DELIVERY_MESSAGE[status])}
      </p>
      <button type="button" className="primary-button" onClick={onDone} data-testid="receipt-done">
        {t('receipt.done')}
      </button>
    </main>
  );
}
