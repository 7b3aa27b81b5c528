import { useState } from 'react';
import { PIN_MAX_DIGITS, PIN_MIN_DIGITS } from '../../src-shared/schemas/kiosk-config.js';
import { useTranslation } from 'react-i18next';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '', '0', '⌫'] as const;

/**
 * A numeric keypad for a PIN (technician, Citizens' Chamber staff). The host checks the PIN;
 * the renderer only hears yes or no, and the digits are cleared after every try.
 */
export function PinPad({
  heading,
  submitLabel,
  testId,
  onSubmit,
}: {
  heading: string;
  submitLabel: string;
  testId: string;
  /** Resolves to an error message to show, or null when the PIN opened what it guards. */
  onSubmit(pin: string): Promise<string | null>;
}) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  async function submit() {
    const attempt = pin;
    setPin('');
    try {
      setMessage(await onSubmit(attempt));
    } catch {
      // The host did not answer: the PIN was not checked, so say that rather than nothing.
      setMessage(t('app.hostError'));
    }
  }

  return (
    <main className="screen" data-testid={testId}>
      <h1>{heading}</h1>
      <p className="pin-display" aria-live="polite" data-testid="pin-display">
        {'•'.repeat(pin.length) || '\u00a0'}
      </p>
      {message && (
        <p className="form-summary error" role="alert">
          {message}
        </p>
      )}
      <div className="keypad">
        {KEYS.map((k, i) =>
          k === '' ? (
            <span key={i} />
          ) : (
            <button
              key={k}
              type="button"
              className={k === '⌫' ? 'key key-word' : 'key'}
              aria-label={k === '⌫' ? t('technician.erase') : k}
              data-testid={`pin-key-${k === '⌫' ? 'erase' : k}`}
              onClick={() => setPin((p) => (k === '⌫' ? p.slice(0, -1) : p.length < PIN_MAX_DIGITS ? p + k : p))}
            >
              {k === '⌫' ? t('technician.erase') : k}
            </button>
          ),
        )}
      </div>
      <button
        type="button"
        className="primary-button"
        onClick={() => void submit()}
        disabled={pin.length < PIN_MIN_DIGITS}
        data-testid="pin-submit"
      >
        {submitLabel}
      </button>
    </main>
  );
}
