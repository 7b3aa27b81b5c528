import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../src-shared/schemas/localized-text.js';
import type { EnrolCommand } from '../../core/enrolment-gate.js';
import { EnrolForm } from './EnrolForm.js';
import type { EnrolmentState } from '../../core/enrolment-gate.js';

const LANGS: readonly Language[] = ['mn', 'kk', 'en'];

/**
 * What citizens see on a kiosk that is not enrolled or was taken out of service: the same plain
 * message in all three languages at once (nobody has to find a language button on a dead kiosk),
 * and a small button for the technician, who enrols it again with a one-time code. Whatever is
 * queued stays queued; nothing is wiped here.
 */
export function OutOfService({ state, enrol }: { state: EnrolmentState; enrol: EnrolCommand }) {
  const { t } = useTranslation();
  const [technician, setTechnician] = useState(false);
  return (
    <main className="screen out-of-service" data-testid="out-of-service" data-state={state}>
      {LANGS.map((lng) => (
        <section key={lng} lang={lng}>
          <h1>{t('enrolment.outOfService', { lng })}</h1>
          <p>{t('enrolment.askTechnician', { lng })}</p>
        </section>
      ))}
      {technician ? (
        <EnrolForm enrol={enrol} />
      ) : (
        <button type="button" className="secondary-button" onClick={() => setTechnician(true)} data-testid="open-enrol">
          {t('enrolment.technician')}
        </button>
      )}
    </main>
  );
}
