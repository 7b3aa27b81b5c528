import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BridgeResponse } from '../../../src-shared/bridge-contract.js';
import { useKiosk } from '../../app/kiosk-context.js';

type Status = BridgeResponse<'printer.status'>;
const REASONS = new Set(['paper_out', 'cover_open', 'offline', 'disconnected', 'timeout']);

/** The printer on the technician screen: its state, a test page, and a reprint of the last receipt. */
export function PrinterPanel() {
  const { t } = useTranslation();
  const { bridge } = useKiosk();
  const [status, setStatus] = useState<Status | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const problem = (reason: string | undefined) =>
    t(`receipt.printProblem.${reason && REASONS.has(reason) ? reason : 'unknown'}`);

  async function run(action: () => Promise<string>) {
    setMessage(null);
    try {
      setMessage(await action());
    } catch (error) {
      setMessage(t('technician.printerFailed', { reason: problem((error as { reason?: string }).reason) }));
    }
    setStatus(await bridge.call('printer.status', {}).catch(() => null));
  }

  const state = !status
    ? '—'
    : status.state === 'ready'
      ? `${t('technician.printerReady')}${status.paperNearEnd ? ` · ${t('technician.printerNearEnd')}` : ''}`
      : problem(status.reason);

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
          onClick={() => void run(() => bridge.call('printer.testPage', {}).then(() => t('technician.printerPrinted')))}
        >
          {t('technician.printerTestPage')}
        </button>
        <button
          type="button"
          className="secondary-button"
          data-testid="printer-reprint"
          onClick={() =>
            void run(() =>
              bridge
                .call('printer.reprintLast', {})
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
