import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatReceiptSecret, RECEIPT_SECRET_DIGITS } from '../../../src-shared/answers/receipt-secret.js';
import { formatCalendarDate, formatDate } from '../../../src-shared/format.js';
import { parseTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import { useKiosk, useLang } from '../../app/kiosk-context.js';
import type { HeldAnswer, ReceiptStatus } from '../../core/kiosk-core.js';
import { emitAppEvent } from '../../platform/app-events.js';
import { printProblemOf, printProblemText } from '../receipt/print-problem.js';
import { SubmissionSubject } from '../receipt/SubmissionSubject.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '⌫', '0', '✓'] as const;

type Result = { kind: 'error'; message: string } | ReceiptStatus;

type Held = HeldAnswer;

type SecretState =
  | { kind: 'typing' }
  | { kind: 'opening' }
  | { kind: 'wrong'; left: number }
  | { kind: 'locked' }
  | { kind: 'invalid' }
  | { kind: 'open'; text: string };

type AnswerPrint = { state: 'idle' | 'printing' | 'printed' } | { state: 'failed'; message: string };

/** The secret as typed, grouped as on the receipt: 4821 3905 7712. */
function groupedSecret(digits: string): string {
  return formatReceiptSecret(digits);
}

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
  const { core } = useKiosk();
  const lang = useLang();
  const [digits, setDigits] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [checking, setChecking] = useState(false);
  /** Set once a number whose sealed answer this kiosk holds is checked: the keypad may then type the secret. */
  const [held, setHeld] = useState<Held | null>(null);
  const [field, setField] = useState<'number' | 'secret'>('number');
  const [secret, setSecret] = useState('');
  const [secretState, setSecretState] = useState<SecretState>({ kind: 'typing' });
  const [answerPrint, setAnswerPrint] = useState<AnswerPrint>({ state: 'idle' });

  async function openAnswer() {
    if (!held) return;
    const opened = await core.openAnswer(held, secret, () => setSecretState({ kind: 'opening' }));
    switch (opened.kind) {
      case 'invalid':
        setSecretState({ kind: 'invalid' });
        return;
      case 'locked':
        setSecretState({ kind: 'locked' });
        emitAppEvent('answer-locked', { trackingNo: held.trackingNo });
        return;
      case 'wrong':
        setSecretState(opened.left > 0 ? { kind: 'wrong', left: opened.left } : { kind: 'locked' });
        emitAppEvent('answer-wrong-secret', { trackingNo: held.trackingNo, left: opened.left });
        return;
      case 'open':
        setSecret('');
        setSecretState({ kind: 'open', text: opened.text });
        emitAppEvent('answer-opened', { trackingNo: held.trackingNo });
    }
  }

  async function printAnswer() {
    if (!held || secretState.kind !== 'open') return;
    setAnswerPrint({ state: 'printing' });
    try {
      await core.printAnswer({
        lang,
        trackingNo: held.trackingNo,
        kind: held.kind,
        status: held.status,
        answeredAt: held.answeredAt,
        text: secretState.text,
      });
      setAnswerPrint({ state: 'printed' });
      emitAppEvent('answer-printed', { trackingNo: held.trackingNo });
    } catch (error) {
      setAnswerPrint({ state: 'failed', message: printProblemText(t, printProblemOf(error)) });
    }
  }

  async function check() {
    const parsed = parseTrackingNumber(digits);
    if (!parsed.ok) {
      setResult({ kind: 'error', message: t(`track.error_${parsed.error}`) });
      emitAppEvent('track-invalid', { error: parsed.error });
      return;
    }
    const trackingNo = parsed.value.text;
    const local = await core.localReceiptStatus(trackingNo);
    setHeld(local.held);
    setSecret('');
    setSecretState({ kind: 'typing' });
    setAnswerPrint({ state: 'idle' });
    let shown: ReceiptStatus = local.status;
    setResult(shown);
    setChecking(true);
    try {
      const remote = await core.remoteReceiptStatus(trackingNo, local.own);
      if (remote) {
        shown = remote;
        setResult(shown);
      }
    } finally {
      setChecking(false);
      emitAppEvent('track-result', {
        result: shown.kind,
        ...(shown.kind === 'status' ? { status: shown.status } : {}),
      });
    }
  }

  function press(k: (typeof KEYS)[number]) {
    if (field === 'secret') {
      if (secretState.kind === 'opening') return;
      setSecretState({ kind: 'typing' });
      if (k === '⌫') setSecret((d) => d.slice(0, -1));
      else if (k === '✓') void openAnswer();
      else setSecret((d) => (d.length < RECEIPT_SECRET_DIGITS ? d + k : d));
      return;
    }
    setResult(null);
    setHeld(null);
    if (k === '⌫') setDigits((d) => d.slice(0, -1));
    else if (k === '✓') void check();
    else setDigits((d) => (d.length < 16 ? d + k : d));
  }

  const okWord = field === 'secret' ? t('track.openAnswer') : t('track.check');

  return (
    <main className="screen" data-testid="screen-track">
      <h1>{t('track.heading')}</h1>
      <p className="lead">{t('track.intro')}</p>
      {field === 'number' ? (
        <p className="pin-display tracking-input" aria-live="polite" data-testid="track-display">
          {digits ? grouped(digits) : '\u00a0'}
        </p>
      ) : (
        <>
          <p className="lead">
            {t('track.secretIntro', { number: held?.trackingNo ?? '', digits: RECEIPT_SECRET_DIGITS })}
          </p>
          <p className="pin-display tracking-input" aria-live="polite" data-testid="track-secret-display">
            {secret ? groupedSecret(secret) : '\u00a0'}
          </p>
          <button
            type="button"
            className="secondary-button"
            data-testid="track-other-number"
            onClick={() => {
              setField('number');
              setSecret('');
              setSecretState({ kind: 'typing' });
              setAnswerPrint({ state: 'idle' });
            }}
          >
            {t('track.otherNumber')}
          </button>
        </>
      )}
      <div className="keypad">
        {KEYS.map((k) => (
          <button
            key={k}
            type="button"
            className={k === '✓' ? 'key key-ok key-word' : k === '⌫' ? 'key key-word' : 'key'}
            aria-label={k === '⌫' ? t('technician.erase') : k === '✓' ? okWord : k}
            data-testid={`track-key-${k === '⌫' ? 'erase' : k === '✓' ? 'ok' : k}`}
            onClick={() => press(k)}
          >
            {k === '⌫' ? t('technician.erase') : k === '✓' ? okWord : k}
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
          {(result.kind === 'waiting' || result.kind === 'status') && result.subject && (
            <SubmissionSubject subject={result.subject} />
          )}
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
          {result.kind === 'status' && held && field === 'number' && (
            <>
              <p>{t('track.answerHeld')}</p>
              <button
                type="button"
                className="primary-button"
                data-testid="track-enter-secret"
                onClick={() => setField('secret')}
              >
                {t('track.enterSecret')}
              </button>
            </>
          )}
        </div>
      )}
      {field === 'secret' && secretState.kind !== 'typing' && secretState.kind !== 'open' && (
        <div
          className={secretState.kind === 'opening' ? 'note' : 'form-summary error'}
          role="status"
          data-testid="track-secret-result"
          data-state={secretState.kind}
        >
          <p>
            {secretState.kind === 'opening' && t('track.opening')}
            {secretState.kind === 'invalid' && t('track.secretTooShort', { digits: RECEIPT_SECRET_DIGITS })}
            {secretState.kind === 'wrong' && t('track.wrongSecret', { left: secretState.left })}
            {secretState.kind === 'locked' && t('track.secretLocked')}
          </p>
        </div>
      )}
      {field === 'secret' && secretState.kind === 'open' && held && (
        <section className="note answer" data-testid="track-answer" aria-labelledby="track-answer-heading">
          <h2 id="track-answer-heading">{t('track.answerHeading')}</h2>
          <p>{t('track.answeredOn', { date: formatDate(new Date(held.answeredAt), lang) })}</p>
          {/* The answer as the organisation wrote it (in Mongolian). */}
          <div lang="mn" data-testid="track-answer-text">
            {secretState.text
              .split(/\r?\n/)
              .filter((line) => line.trim() !== '')
              .map((line, i) => (
                <p key={i}>{line}</p>
              ))}
          </div>
          <button
            type="button"
            className="primary-button"
            data-testid="track-print-answer"
            disabled={answerPrint.state === 'printing'}
            onClick={() => void printAnswer()}
          >
            {t('track.printAnswer')}
          </button>
          {answerPrint.state !== 'idle' && (
            <p
              role="status"
              className={answerPrint.state === 'failed' ? 'print-state error' : 'print-state'}
              data-testid="answer-print-state"
              data-state={answerPrint.state}
            >
              {answerPrint.state === 'printing' && t('receipt.printing')}
              {answerPrint.state === 'printed' && t('track.answerPrinted')}
              {answerPrint.state === 'failed' && answerPrint.message}
            </p>
          )}
        </section>
      )}
    </main>
  );
}
