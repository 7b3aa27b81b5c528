import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCalendarDate, formatMnt } from '../../../src-shared/format.js';
import type { AccountPayment } from '../../../src-shared/schemas/open-data.js';
import { distinctSources, publishedPayments } from '../../core/open-data/budget.js';
import { useLang } from '../../app/kiosk-context.js';
import { SourceNote } from './parts.js';

const PAGE = 20;

/** The Transparent Account's published payments of a place, newest first, twenty at a time. */
export function PaymentList({ payments }: { payments: AccountPayment[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [shown, setShown] = useState(PAGE);
  const published = useMemo(() => publishedPayments(payments), [payments]);
  return (
    <section className="open-data-payments" aria-labelledby="payments-heading" data-testid="budget-payments">
      <h2 id="payments-heading">{t('openData.payments.heading')}</h2>
      <p>{t('openData.payments.intro')}</p>
      {published.length === 0 ? (
        <p className="note">{t('openData.payments.none')}</p>
      ) : (
        <>
          <p data-testid="payments-count">{t('openData.payments.count', { count: published.length })}</p>
          <ul className="open-data-cards">
            {published.slice(0, shown).map((p) => (
              <li key={p.id} className="open-data-card" data-testid="payment">
                <p className="open-data-card-head">
                  <span>{formatCalendarDate(p.date, lang)}</span>
                  <strong>{formatMnt(p.amount, lang)}</strong>
                </p>
                <dl className="open-data-facts">
                  <dt>{t('openData.payments.payee')}</dt>
                  <dd>{p.payee}</dd>
                  <dt>{t('openData.payments.purpose')}</dt>
                  <dd>{p.purpose}</dd>
                  <dt>{t('openData.payments.payer')}</dt>
                  <dd>{p.organisation}</dd>
                </dl>
              </li>
            ))}
          </ul>
          {shown < published.length && (
            <button
              type="button"
              className="secondary-button"
              onClick={() => setShown((n) => n + PAGE)}
              data-testid="payments-more"
            >
              {t('openData.payments.more')}
            </button>
          )}
          {distinctSources(published).map((s) => (
            <SourceNote key={s.url + s.takenOn} source={s} testId="payments-source" />
          ))}
        </>
      )}
    </section>
  );
}
