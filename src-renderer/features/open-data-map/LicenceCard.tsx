import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCalendarDate, formatNumber } from '../../../src-shared/format.js';
import type { LicenceNear } from '../../../src-shared/open-data-map/licences-near.js';
import { useLang } from '../../app/kiosk-context.js';

/** One licence in words: who holds it, what for, how big, until when, where it is and where that comes from. */
export function LicenceCard({
  row,
  soumName,
  onClose,
}: {
  row: LicenceNear;
  soumName(code: string): string;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const heading = useRef<HTMLHeadingElement>(null);
  const { licence } = row;
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'nearest' });
  }, [licence.id]);
  const date = (d: string | null) => (d ? formatCalendarDate(d, lang) : t('openDataMap.card.unknown'));
  return (
    <section className="odm-card" aria-labelledby="odm-card-heading" data-testid="licence-card" data-id={licence.id}>
      <h2 id="odm-card-heading" ref={heading} tabIndex={-1}>
        {t('openDataMap.card.heading', { number: licence.number })}
      </h2>
      <dl className="facts">
        <dt>{t('openDataMap.card.holder')}</dt>
        <dd data-testid="licence-card-holder">{licence.holder}</dd>
        <dt>{t('openDataMap.card.kind')}</dt>
        <dd>{t(`openDataMap.kind.${licence.kind}`)}</dd>
        <dt>{t('openDataMap.card.status')}</dt>
        <dd>{t(`openDataMap.status.${licence.status}`)}</dd>
        <dt>{t('openDataMap.card.commodity')}</dt>
        <dd>{licence.commodities.join(', ') || t('openDataMap.card.unknown')}</dd>
        <dt>{t('openDataMap.card.area')}</dt>
        <dd>{t('openDataMap.card.areaValue', { ha: formatNumber(licence.areaHa, lang) })}</dd>
        <dt>{t('openDataMap.card.granted')}</dt>
        <dd>{date(licence.granted)}</dd>
        <dt>{t('openDataMap.card.expires')}</dt>
        <dd>{date(licence.expires)}</dd>
        <dt>{t('openDataMap.card.soum')}</dt>
        <dd data-testid="licence-card-soum">{t('openDataMap.card.soumValue', { soum: soumName(row.soum) })}</dd>
        <dt>{t('openDataMap.card.source')}</dt>
        <dd className="odm-url">{licence.source.url}</dd>
        <dt>{t('openDataMap.card.taken')}</dt>
        <dd>{formatCalendarDate(licence.source.takenOn, lang)}</dd>
      </dl>
      <button type="button" className="secondary-button" onClick={onClose} data-testid="licence-card-close">
        {t('openDataMap.card.close')}
      </button>
    </section>
  );
}
