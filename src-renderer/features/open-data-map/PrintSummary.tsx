import { useTranslation } from 'react-i18next';
import type { PrintTextRequest } from '../../../src-shared/bridge-contract.js';
import { printProblemText } from '../receipt/print-problem.js';
import { usePrintSummary } from './use-map-place.js';

/** "Print a short summary" and what came of it, said in words (a polite live region). */
export function PrintSummary({ what, label, request }: { what: string; label: string; request(): PrintTextRequest }) {
  const { t } = useTranslation();
  const { state, problem, print } = usePrintSummary(what);
  return (
    <div className="odm-print">
      <button
        type="button"
        className="secondary-button"
        disabled={state === 'printing'}
        onClick={() => void print(request())}
        data-testid="odm-print"
      >
        {label}
      </button>
      <p
        className={state === 'failed' ? 'odm-print-state error' : 'odm-print-state'}
        role="status"
        data-testid="odm-print-state"
      >
        {state === 'printing'
          ? t('openDataMap.print.printing')
          : state === 'printed'
            ? t('openDataMap.print.printed')
            : state === 'failed'
              ? `${printProblemText(t, problem)} ${t('openDataMap.print.failed')}`
              : ''}
      </p>
    </div>
  );
}
