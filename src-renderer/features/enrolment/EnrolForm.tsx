import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnrolCommand } from '../../core/enrolment-gate.js';

/**
 * The technician's enrolment form: the server's address and the one-time code (as printed,
 * `XXXX-XXXX`, any case). The host makes the key pair and talks to the server; the renderer
 * only hears whether it worked and why not.
 */
export function EnrolForm({ enrol, initialServerUrl = '' }: { enrol: EnrolCommand; initialServerUrl?: string }) {
  const { t } = useTranslation();
  const [serverUrl, setServerUrl] = useState(initialServerUrl);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function submit() {
    setBusy(true);
    setMessage(null);
    try {
      const result = await enrol(serverUrl, code);
      setMessage(
        result.ok ? t('enrolment.done', { kioskCode: result.kioskCode }) : t(`enrolment.refused.${result.reason}`),
      );
    } catch {
      setMessage(t('enrolment.badAddress'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="enrol-form"
      data-testid="enrol-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{t('enrolment.heading')}</h2>
      <label>
        {t('enrolment.serverUrl')}
        <input
          type="url"
          inputMode="url"
          value={serverUrl}
          onChange={(e) => setServerUrl(e.target.value)}
          data-testid="enrol-server"
          autoComplete="off"
        />
      </label>
      <label>
        {t('enrolment.code')}
        <input
          value={code}
          onChange={(e) => setCode(e.target.value.toUpperCase())}
          data-testid="enrol-code"
          autoComplete="off"
          autoCapitalize="characters"
          maxLength={16}
        />
      </label>
      <button
        type="submit"
        className="primary-button"
        disabled={busy || !serverUrl || !code}
        data-testid="enrol-submit"
      >
        {t('enrolment.submit')}
      </button>
      {message && (
        <p className="note" role="status" data-testid="enrol-message">
          {message}
        </p>
      )}
    </form>
  );
}
