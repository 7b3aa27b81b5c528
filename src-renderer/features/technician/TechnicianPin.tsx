import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../../app/kiosk-context.js';
import { emitAppEvent } from '../../platform/app-events.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '', '0', '⌫'] as const;

/** A numeric keypad for the technician PIN; the host checks it, the renderer never knows it. */
export function TechnicianPin({ onUnlocked }: { onUnlocked(): void }) {
  const { t } = useTranslation();
  const { bridge } = useKiosk();
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  async function submit() {
    const r = await bridge.call('technician.unlock', { pin });
    setPin('');
    if (r.ok) {
      emitAppEvent('technician-unlocked');
      onUnlocked();
    } else {
      setMessage(
        r.retryAfterSeconds
          ? t('technician.locked', { minutes: Math.ceil(r.retryAfterSeconds / 60) })
          : t('technician.wrongPin'),
      );
    }
  }

  return (
    <main className="screen" data-testid="screen-technician-pin">
      <h1>{t('technician.pinHeading')}</h1>
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
              onClick={() => setPin((p) => (k === '⌫' ? p.slice(0, -1) : p.length < 8 ? p + k : p))}
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
        disabled={pin.length < 4}
        data-testid="pin-submit"
      >
        {t('technician.open')}
      </button>
    </main>
  );
}
