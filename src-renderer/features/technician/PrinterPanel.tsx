import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../../app/kiosk-context.js';
import type { PrinterStatus } from '../../core/kiosk-core.js';
import { printProblemOf, printProblemText } from '../receipt/print-problem.js';

type Status = PrinterStatus;

/** The printer on the technician screen: its state, a test page, and a reprint of the last receipt. */
export function PrinterPanel() {
  const { t } = useTranslation();
  const { core } = useKiosk();
  const [status, setStatus] = useState<Status | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function run(action: () => Promise<string>) {
    setMessage(null);
    try {
      setMessage(await action());
    } catch (error) {
      setMessage(t('technician.printerFailed', { reason: printProblemText(t, printProblemOf(error)) }));
    }
    setStatus(await core.printerStatus().catch(() => null));
  }

  const state = !status
    ? '—'
    : status.state === 'ready'
      ? `${t('technician.printerReady')}${status.paperNearEnd ? ` · ${t('technician.printerNearEnd')}` : ''}`
      : printProblemText(t, status.reason);

  return (
    <section data-testid="technician-printer">
      <h2>{t('technician.printer')}</h2>
      <p className="note" data-testid="printer-state" data-state={status?.state ?? 'unknown'}>
        {state}
        {status && ` (${status.transport ?? ''} · ${status.text ?? ''} · ${status.width ?? ''})`}
      </p>
      <div className="form-buttons">
        <button
          type="button"
          className="secondary-button"
          data-testid="printer-check"
          onClick={() => void run(async () => '')}
        >
          {t('technician.printerCheck')}
        </button>
        <button
          type="button"
          className="secondary-button"
          data-testid="printer-test-page"
          onClick={() => void run(() => core.printerTestPage().then(() => t('technician.printerPrinted')))}
        >
          {t('technician.printerTestPage')}
        </button>
        <button
          type="button"
          className="secondary-button"
          data-testid="printer-reprint"
          onClick={() =>
            void run(() =>
              core
                .reprintLastReceipt()
                .then((r) =>
                  r.reprinted
                    ? `${t('technician.printerPrinted')} ${r.trackingNo ?? ''}`
                    : t('technician.printerNothingToReprint'),
                ),
            )
          }
        >
          {t('technician.printerReprint')}
        </button>
      </div>
      {message && (
        <p className="note" role="status" data-testid="printer-message">
          {message}
        </p>
      )}
    </section>
  );
}
