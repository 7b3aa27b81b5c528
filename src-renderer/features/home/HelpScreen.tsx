import { useTranslation } from 'react-i18next';
import { useShell } from '../../app/kiosk-context.js';
import type { Navigation } from '../../app/navigation.js';
import { StaffIcon } from '../../app/icons.js';

const TOPICS = ['touch', 'keyboard', 'privacy', 'offline', 'receipt', 'textSize'] as const;

/** How to use the machine, in short plain sentences; and, for staff, the way into assisted mode. */
export function HelpScreen({ nav }: { nav: Navigation }) {
  const { t } = useTranslation();
  const { info, session } = useShell();
  return (
    <main className="screen help" data-testid="screen-help">
      <h1>{t('help.heading')}</h1>
      {TOPICS.map((topic) => (
        <section key={topic} className="help-topic">
          <h2>{t(`help.${topic}.title`)}</h2>
          <p>{t(`help.${topic}.text`)}</p>
        </section>
      ))}
      <section className="help-topic">
        <h2>{t('help.report.title')}</h2>
        <p>{t('help.report.text')}</p>
        <button
          type="button"
          className="secondary-button"
          onClick={() => nav.go({ name: 'petition-report' })}
          data-testid="open-petition-report"
        >
          {t('help.report.open')}
        </button>
      </section>
      {info.assistedMode && session.channel !== 'assisted' && (
        // For Citizens' Chamber staff, not for the citizen: last, quieter, and labelled so.
        <section className="help-topic help-staff" data-testid="help-staff">
          <h2>{t('help.staff.title')}</h2>
          <p>{t('help.staff.text')}</p>
          <button
            type="button"
            className="staff-button"
            onClick={() => nav.go({ name: 'assisted-pin' })}
            data-testid="assisted-open"
          >
            <StaffIcon /> {t('assisted.open')}
          </button>
        </section>
      )}
    </main>
  );
}
