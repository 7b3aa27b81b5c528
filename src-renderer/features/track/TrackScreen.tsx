import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCalendarDate, formatDate } from '../../../src-shared/format.js';
import { parseTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import type { SubmissionStatus } from '../../../src-shared/schemas/submission.js';
import { useKiosk } from '../../app/kiosk-context.js';
import { emitAppEvent } from '../../platform/app-events.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '⌫', '0', '✓'] as const;

type Result =
  | { kind: 'error'; message: string }
  | { kind: 'waiting' }
  | { kind: 'status'; status: SubmissionStatus; dueDate?: string; updatedAt: string }
  | { kind: 'unknown' };

/** Shows typed digits grouped as on the receipt: 0421-000123-7. */
function grouped(digits: string): string {
  return [digits.slice(0, 4), digits.slice(4, -1), digits.slice(-1)].filter(Boolean).join('-');
}

/**
 * "Check my receipt": a large keypad for the tracking number; the check digit catches a mistyped
 * digit before anything is looked up. Answers from the kiosk's own copy at once, then asks the
 * server when it can be reached.
 */
export function TrackScreen() {
  const { t } = useTranslation();
  const { db, bridge, lang } = useKiosk();
  const [digits, setDigits] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [checking, setChecking] = useState(false);

  async function check() {
    const parsed = parseTrackingNumber(digits);
    if (!parsed.ok) {
      setResult({ kind: 'error', message: t(`track.error_${parsed.error}`) });
      emitAppEvent('track-invalid', { error: parsed.error });
      return;
    }
    const trackingNo = parsed.value.text;
    const local = await db.statuses.get(trackingNo);
    const queued = await db.outbox.get({ trackingNo });
    let shown: Result = local
      ? {
          kind: 'status',
          status: local.status,
          updatedAt: local.updatedAt,
          ...(local.dueDate ? { dueDate: local.dueDate } : {}),
        }
      : queued && queued.status !== 'accepted'
        ? { kind: 'waiting' }
        : { kind: 'unknown' };
    setResult(shown);
    setChecking(true);
    try {
      const remote = await bridge.call('status.track', { trackingNo });
      if (remote.found && remote.track) {
        const r = remote.track;
        shown = {
          kind: 'status',
          status: r.status,
          updatedAt: r.updatedAt,
          ...(r.dueDate ? { dueDate: r.dueDate } : {}),
        };
        setResult(shown);
      }
    } catch {
      // Offline: the kiosk's own copy is the answer.
    } finally {
      setChecking(false);
      emitAppEvent('track-result', {
        result: shown.kind,
        ...(shown.kind === 'status' ? { status: shown.status } : {}),
      });
    }
  }

  function press(k: (typeof KEYS)[number]) {
    setResult(null);
    if (k === '⌫') setDigits((d) => d.slice(0, -1));
    else if (k === '✓') void check();
    else setDigits((d) => (d.length < 16 ? d + k : d));
  }

  return (
    <main className="screen" data-testid="screen-track">
      <h1>{t('track.heading')}</h1>
      <p className="lead">{t('track.intro')}</p>
      <p className="pin-display tracking-input" aria-live="polite" data-testid="track-display">
        {digits ? grouped(digits) : '\u00a0'}
      </p>
      <div className="keypad">
        {KEYS.map((k) => (
          <button
            key={k}
            type="button"
            className={k === '✓' ? 'key key-ok key-word' : k === '⌫' ? 'key key-word' : 'key'}
            aria-label={k === '⌫' ? t('technician.erase') : k === '✓' ? t('track.check') : k}
            data-testid={`track-key-${k === '⌫' ? 'erase' : k === '✓' ? 'ok' : k}`}
            onClick={() => press(k)}
          >
            {k === '⌫' ? t('technician.erase') : k === '✓' ? t('track.check') : k}
          </button>
        ))}
      </div>
      {result && (
        <div
          className={result.kind === 'error' ? 'form-summary error' : 'note'}
          role="status"
          data-testid="track-result"
        >
          {result.kind === 'error' && <p>{result.message}</p>}
          {result.kind === 'waiting' && <p>{t('track.waiting')}</p>}
          {result.kind === 'unknown' && <p>{checking ? t('track.checking') : t('track.unknown')}</p>}
          {result.kind === 'status' && (
            <>
              <p className="status-word" data-testid="track-status" data-status={result.status}>
                {t(`track.status_${result.status}`)}
              </p>
              {result.dueDate && <p>{t('track.dueDate', { date: formatCalendarDate(result.dueDate, lang) })}</p>}
              <p>{t('track.updatedAt', { date: formatDate(new Date(result.updatedAt), lang) })}</p>
            </>
          )}
        </div>
      )}
    </main>
  );
}
