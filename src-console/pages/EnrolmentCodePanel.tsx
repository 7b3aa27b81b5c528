import { useState, type FormEvent } from 'react';
import {
  newEnrolmentCodeResponseSchema,
  type NewEnrolmentCodeResponse,
} from '../../src-shared/console/kiosk-enrolment-api.js';
import { KIOSK_MODES, type KioskMode } from '../../src-shared/schemas/enrolment.js';
import { formatDateTime } from '../../src-shared/format.js';
import { api, ApiError } from '../api/client.js';
import { useSession } from '../app/session.js';
import { useI18n } from '../i18n/i18n.js';

/**
 * On the Kiosks page, for an administrator: makes a one-time enrolment code for one new kiosk
 * (an hour), shown as text for the technician to type and as a QR code.
 */
export function EnrolmentCodePanel() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const [form, setForm] = useState({ aimag: '', soum: '', place: '', mode: 'citizen' as KioskMode });
  const [made, setMade] = useState<NewEnrolmentCodeResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (session.operator.role !== 'admin') return null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setMade(await api.json(newEnrolmentCodeResponseSchema, 'POST', api.url('/kiosks/enrolment-codes'), form));
    } catch (err) {
      setMade(null);
      setError(err instanceof ApiError && err.status === 400 ? t('enrolment.invalid') : t('enrolment.failed'));
    }
  };
  const field = (name: 'aimag' | 'soum' | 'place', pattern?: string) => (
    <div className="field">
      <label htmlFor={`enrol-${name}`}>{t(`enrolment.${name}`)}</label>
      <input
        id={`enrol-${name}`}
        value={form[name]}
        required
        {...(pattern ? { pattern, inputMode: 'numeric' as const } : {})}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
    </div>
  );
  return (
    <section aria-labelledby="enrolment-heading" data-testid="enrolment-code-panel">
      <h2 id="enrolment-heading">{t('enrolment.heading')}</h2>
      <form className="filters" onSubmit={(e) => void submit(e)}>
        {field('aimag', '\\d{2}')}
        {field('soum', '\\d{4}')}
        {field('place')}
        <div className="field">
          <label htmlFor="enrol-mode">{t('enrolment.mode')}</label>
          <select
            id="enrol-mode"
            value={form.mode}
            onChange={(e) => setForm({ ...form, mode: e.target.value as KioskMode })}
          >
            {KIOSK_MODES.map((m) => (
              <option key={m} value={m}>
                {t(`enrolment.modes.${m}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-buttons">
          <button type="submit" className="primary">
            {t('enrolment.make')}
          </button>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {made && (
        <div data-testid="enrolment-code">
          <p>
            {t('enrolment.code')}: <strong className="enrolment-code">{made.code}</strong>{' '}
            {t('enrolment.until', { time: formatDateTime(new Date(made.expiresAt), lang) })}
          </p>
          {/* The server's own SVG (qrcode), not text anyone typed. */}
          <div className="enrolment-qr" dangerouslySetInnerHTML={{ __html: made.qrSvg }} />
        </div>
      )}
    </section>
  );
}
