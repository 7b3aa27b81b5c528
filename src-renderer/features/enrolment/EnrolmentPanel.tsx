import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk, useShell } from '../../app/kiosk-context.js';
import { EnrolForm } from './EnrolForm.js';

/**
 * On the technician screen: how this kiosk is enrolled, the form to enrol it (a kiosk set up the
 * old way moves to its own key this way, keeping its kiosk code and queue), and PIN changes.
 */
export function EnrolmentPanel() {
  const { t } = useTranslation();
  const { core } = useKiosk();
  const { info } = useShell();
  const [open, setOpen] = useState(false);
  const [pin, setPin] = useState('');
  const [pinMessage, setPinMessage] = useState<string | null>(null);
  const state = info.enrolment ?? 'legacy';

  async function changePin() {
    const r = await core.changeTechnicianPin(pin);
    setPin('');
    setPinMessage(r.ok ? t('enrolment.pinChanged') : t(`enrolment.pinRefused.${r.reason ?? 'invalid'}`));
  }

  return (
    <section data-testid="enrolment-panel">
      <h2>{t('enrolment.panelHeading')}</h2>
      <p data-testid="enrolment-state">{t(`enrolment.state.${state}`)}</p>
      {open ? (
        <EnrolForm enrol={core.enrol} />
      ) : (
        <button type="button" className="secondary-button" onClick={() => setOpen(true)} data-testid="open-enrol">
          {t(state === 'legacy' ? 'enrolment.moveToEnrolment' : 'enrolment.enrolAgain')}
        </button>
      )}
      <form
        className="enrol-form"
        onSubmit={(e) => {
          e.preventDefault();
          void changePin();
        }}
      >
        <h3>{t('enrolment.changePin')}</h3>
        <label>
          {t('enrolment.newPin')}
          <input
            type="password"
            inputMode="numeric"
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
            data-testid="pin-new"
            autoComplete="off"
          />
        </label>
        <button type="submit" className="secondary-button" disabled={pin.length === 0} data-testid="pin-save">
          {t('enrolment.savePin')}
        </button>
        {pinMessage && (
          <p className="note" role="status" data-testid="pin-message">
            {pinMessage}
          </p>
        )}
      </form>
    </section>
  );
}
