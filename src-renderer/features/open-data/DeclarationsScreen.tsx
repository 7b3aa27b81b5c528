import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMnt } from '../../../src-shared/format.js';
import type { Declaration } from '../../../src-shared/schemas/open-data.js';
import { searchTerms } from '../../core/open-data/contracts.js';
import { indexDeclarations, searchDeclarations } from '../../core/open-data/declarations.js';
import type { OpenDataSummary } from '../../core/open-data/print.js';
import { useLang, useShell } from '../../app/kiosk-context.js';
import { useOpenData } from '../../data/open-data-hooks.js';
import { EmptyNote, PrintSummaryButton, sourceLine, SourceNote, type T } from './parts.js';
import './open-data.css';

const SHOWN = 30;

function declarationLines(t: T, d: Declaration, lang: Parameters<typeof formatMnt>[1]): [string, string][] {
  return [
    [t('openData.declarations.income'), formatMnt(d.income, lang)],
    [
      t('openData.declarations.realEstate'),
      t('openData.declarations.countValue', { count: d.realEstateCount, value: formatMnt(d.realEstateValue, lang) }),
    ],
    [
      t('openData.declarations.vehicles'),
      t('openData.declarations.countValue', { count: d.vehicleCount, value: formatMnt(d.vehicleValue, lang) }),
    ],
  ];
}

/**
 * «Албан тушаалтны хөрөнгө, орлогын мэдүүлэг»: search the aimag's declarations by an official's
 * name or organisation. Nothing is listed before the citizen types: the screen answers a question,
 * it does not parade people. Only the public fields exist in a record to show.
 */
export function DeclarationsScreen({ query, onQuery }: { query: string; onQuery(query: string): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { place } = useShell().info;
  const declarations = useOpenData('declaration', { aimag: place.aimag });
  const index = useMemo(
    () => (declarations ? indexDeclarations(declarations, new Intl.Collator(lang)) : undefined),
    [declarations, lang],
  );
  const asked = searchTerms(query).length > 0;
  const hits = index ? searchDeclarations(index, query) : [];
  return (
    <main className="screen open-data declarations" data-testid="screen-open-data-declarations">
      <h1>{t('openData.declarations.heading')}</h1>
      <p className="lead">{t('openData.declarations.intro')}</p>
      <div className="search-box" role="search">
        <label htmlFor="declaration-search" className="field-label">
          {t('openData.searchLabel')}
        </label>
        <input
          id="declaration-search"
          type="search"
          placeholder={t('openData.declarations.placeholder')}
          autoComplete="off"
          value={query}
          onChange={(e) => onQuery(e.target.value)}
          data-testid="declaration-search"
        />
      </div>
      {index && index.declarations.length === 0 ? (
        <EmptyNote />
      ) : (
        <p role="status" data-testid="declaration-count">
          {!asked
            ? t('openData.declarations.prompt')
            : hits.length === 0
              ? t('openData.declarations.none', { query })
              : t('openData.declarations.count', { count: hits.length })}
        </p>
      )}
      <ul className="open-data-cards">
        {hits.slice(0, SHOWN).map((d) => (
          <li key={d.id} className="open-data-card" data-testid="declaration">
            <h2 className="open-data-card-title">{d.name}</h2>
            <p>
              {d.position}, {d.organisation}
            </p>
            <p className="open-data-card-year">{t('openData.declarations.year', { year: d.year })}</p>
            <dl className="open-data-facts">
              {declarationLines(t, d, lang).map(([k, v]) => (
                <div key={k} className="open-data-fact">
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
            <SourceNote source={d.source} />
            <PrintSummaryButton
              summary={(): OpenDataSummary => ({
                section: 'declaration',
                title: t('openData.declarations.printTitle'),
                heading: `${d.name}, ${t('openData.declarations.year', { year: d.year })}`,
                lines: [
                  `${d.position}, ${d.organisation}`,
                  ...declarationLines(t, d, lang).map(([k, v]) => `${k}: ${v}`),
                ],
                sourceUrl: d.source.url,
                sourceLine: sourceLine(t, d.source, lang),
              })}
            />
          </li>
        ))}
      </ul>
    </main>
  );
}
