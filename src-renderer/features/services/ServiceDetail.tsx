import { useTranslation } from 'react-i18next';
import { formatMnt } from '../../../src-shared/format.js';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import { pointsAtThisKiosk } from '../../../src-shared/rules/service-reach.js';
import { useLang, useShell } from '../../app/kiosk-context.js';
import type { Navigation } from '../../app/navigation.js';
import { useService } from '../../data/hooks.js';

export function ServiceDetail({ nav, serviceId }: { nav: Navigation; serviceId: string }) {
  const { t } = useTranslation();
  const { info } = useShell();
  const lang = useLang();
  const service = useService(serviceId);
  if (!service) return <main className="screen" data-testid="screen-service" />;
  return (
    <main className="screen" data-testid="screen-service">
      <h1>{pickText(service.title, lang)}</h1>
      <p className="lead">{pickText(service.description, lang)}</p>
      <dl className="facts">
        <dt>{t('service.fee')}</dt>
        <dd>
          {service.feeMnt === null
            ? t('service.feeAtOffice')
            : service.feeMnt === 0
              ? t('service.free')
              : formatMnt(service.feeMnt, lang)}
        </dd>
        <dt>{t('service.time')}</dt>
        <dd>{pickText(service.processingTime, lang)}</dd>
        <dt>{t('service.agency')}</dt>
        <dd>{pickText(service.agency, lang)}</dd>
        <dt>{t('service.where')}</dt>
        <dd>{pickText(service.whereToApply, lang)}</dd>
        <dt>{t('service.documents')}</dt>
        <dd>
          {service.documents.length === 0 ? (
            t('service.noDocuments')
          ) : (
            <ul>
              {service.documents.map((d, i) => (
                <li key={i}>{pickText(d, lang)}</li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      {!service.formId ? (
        // Done elsewhere: say where once more, in words that do not point back at this machine.
        <p className="note" data-testid="service-elsewhere">
          {pointsAtThisKiosk(service.whereToApply)
            ? // Content published before the publisher refused this (it says "here" without a form).
              t('service.noForm')
            : t('service.inPerson', { where: pickText(service.whereToApply, lang) })}
        </p>
      ) : info.presentation === 'library' ? (
        <p className="note" data-testid="service-library">
          {t('service.libraryApplyAt')}
        </p>
      ) : (
        <button
          type="button"
          className="primary-button"
          onClick={() => nav.go({ name: 'form', serviceId })}
          data-testid="apply"
        >
          {t('service.apply')}
        </button>
      )}
    </main>
  );
}
