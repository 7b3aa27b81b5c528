import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCalendarDate, formatMnt } from '../../../src-shared/format.js';
import { indexContracts, latestDate, searchContracts } from '../../core/open-data/contracts.js';
import { useLang, useShell } from '../../app/kiosk-context.js';
import type { Navigation } from '../../app/navigation.js';
import { useOpenData } from '../../data/open-data-hooks.js';
import { EmptyNote } from './parts.js';
import './open-data.css';

const SHOWN = 50;

/**
 * «Гэрээ»: the aimag's procurement contracts, newest first, narrowed as the citizen types words
 * of a title, a buyer or a supplier (Cyrillic or Latin). The query is the visit's draft, so it is
 * still there on coming back from a contract, and wiped when the visit ends.
 */
export function ContractsScreen({
  nav,
  query,
  onQuery,
}: {
  nav: Navigation;
  query: string;
  onQuery(query: string): void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { place } = useShell().info;
  const contracts = useOpenData('contract', { aimag: place.aimag });
  const index = useMemo(() => (contracts ? indexContracts(contracts) : undefined), [contracts]);
  const hits = index ? searchContracts(index, query) : [];
  return (
    <main className="screen open-data contracts" data-testid="screen-open-data-contracts">
      <h1>{t('openData.contracts.heading')}</h1>
      <p className="lead">{t('openData.contracts.intro')}</p>
      <div className="search-box" role="search">
        <label htmlFor="contract-search" className="field-label">
          {t('openData.searchLabel')}
        </label>
        <input
          id="contract-search"
          type="search"
          placeholder={t('openData.contracts.placeholder')}
          autoComplete="off"
          value={query}
          onChange={(e) => onQuery(e.target.value)}
          data-testid="contract-search"
        />
      </div>
      {index && index.contracts.length === 0 && <EmptyNote />}
      {index && index.contracts.length > 0 && (
        <p role="status" data-testid="contract-count">
          {hits.length === 0 && query.trim() !== ''
            ? t('openData.contracts.none', { query })
            : t('openData.contracts.count', { count: hits.length })}
        </p>
      )}
      <ul className="open-data-results">
        {hits.slice(0, SHOWN).map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className="tile open-data-result"
              onClick={() => nav.go({ name: 'open-data-contract', contractId: c.id })}
              data-testid="contract-result"
              data-contract-id={c.id}
            >
              <span className="open-data-result-title">{c.title}</span>
              <span className="open-data-result-line">
                {t('openData.contracts.buyer')}: {c.buyer}
              </span>
              {c.suppliers.length > 0 && (
                <span className="open-data-result-line">
                  {t('openData.contracts.suppliers')}: {c.suppliers.join(', ')}
                </span>
              )}
              <span className="open-data-result-line">
                <strong>{formatMnt(c.value, lang)}</strong>
                {latestDate(c) !== '' && ` · ${formatCalendarDate(latestDate(c), lang)}`}
                {` · ${t(`openData.contracts.stage.${c.stage}`)}`}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
