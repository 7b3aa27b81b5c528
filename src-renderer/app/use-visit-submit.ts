import { useCallback, type Dispatch } from 'react';
import type { Language } from '../../src-shared/schemas/localized-text.js';
import type { KioskCore, ReceiptToPrint, SubmittedEntry } from '../core/kiosk-core.js';
import { printProblemOf } from '../features/receipt/print-problem.js';
import { emitAppEvent } from '../platform/app-events.js';
import type { SubmitInput, VisitSession } from './kiosk-context.js';
import type { VisitAction } from './visit-state.js';

/**
 * The visit's submit: queues through the core, shows the receipt screen, then prints — only
 * after the outbox transaction has committed, and never twice by itself.
 */
export function useVisitSubmit(
  core: KioskCore | null,
  lang: Language,
  session: VisitSession,
  dispatch: Dispatch<VisitAction>,
): (input: SubmitInput) => Promise<SubmittedEntry> {
  const printReceipt = useCallback(
    async (receipt: ReceiptToPrint) => {
      if (!core) return;
      const { trackingNo } = receipt.entry;
      dispatch({ type: 'print', trackingNo, print: { state: 'printing' } });
      try {
        await core.printReceipt(receipt);
        dispatch({ type: 'print', trackingNo, print: { state: 'printed' } });
        emitAppEvent('receipt-printed', { trackingNo });
      } catch (error) {
        const reason = printProblemOf(error);
        dispatch({ type: 'print', trackingNo, print: { state: 'failed', reason } });
        emitAppEvent('receipt-print-failed', { trackingNo, reason });
      }
    },
    [core, dispatch],
  );

  return useCallback(
    async (input: SubmitInput) => {
      if (!core) throw new Error('the kiosk is still starting');
      const { dueDate, ...rest } = input;
      const entry = await core.submit({
        ...rest,
        lang,
        channel: session.channel,
        ...(session.channel === 'assisted' && session.staffId ? { staffId: session.staffId } : {}),
      });
      emitAppEvent('submission-queued', { trackingNo: entry.trackingNo, kind: entry.kind });
      // What was typed is no longer needed: only the receipt remains. The secret lives only in
      // this screen's state and on the paper; it is wiped with the visit.
      const { receiptSecret, ...queued } = entry;
      dispatch({
        type: 'submitted',
        trackingNo: entry.trackingNo,
        dueDate,
        secret: receiptSecret || undefined,
        subject: { kind: entry.kind, title: entry.title, ...entry.about },
      });
      void printReceipt({ entry: queued, lang, dueDate, secret: receiptSecret });
      void core.syncNow();
      return entry;
    },
    [core, lang, session, dispatch, printReceipt],
  );
}
