import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../src-shared/format.js';
import {
  cellText,
  crimeBySoum,
  crimeShades,
  crimeTable,
  type CellText,
} from '../../../src-shared/open-data-map/crime-summary.js';
import { soumAt } from '../../../src-shared/open-data-map/licences-near.js';
import { useLang } from '../../app/kiosk-context.js';
import { crimeSummaryPrint, monthWords } from '../../core/print-open-data.js';
import { useOpenData } from '../../data/open-data-hooks.js';
import { emitAppEvent } from '../../platform/app-events.js';
import { AimagMap } from './AimagMap.js';
import { Source } from './LicenceMapScreen.js';
import { PrintSummary } from './PrintSummary.js';
import { useMapPlace, useProjection } from './use-map-place.js';
import './open-data-map.css';

/**
 * «Манай аймгийн гэмт хэрэг»: the aimag's soums shaded by the crimes recorded in them (touch one to
 * see its table), and a table by month and kind for the kiosk's soum, another soum or the whole
 * aimag. Counts of 1–4 arrive as "fewer than 5" (the importer hides them), and the screen says so.
 */
export function CrimeMapScreen() {
  const { t } = useTranslation();
  const lang = useLang();
  const place = useMapPlace();
  const counts = useOpenData('crime-count', { aimag: place.aimag });
  const boundaries = useOpenData('boundary', { aimag: place.aimag });
  const { projection, outline, soums } = useProjection(boundaries);
  const [chosen, setChosen] = useState<string | null>(place.soum);
  const bySoum = useMemo(() => crimeBySoum(counts ?? []), [counts]);
  const { shade, from } = useMemo(() => crimeShades(bySoum), [bySoum]);
  const table = useMemo(() => crimeTable(counts ?? [], chosen), [counts, chosen]);

  useEffect(() => {
    if (counts && projection) emitAppEvent('open-data-map-drawn', { map: 'crime', areas: soums.length });
  }, [counts, projection, soums.length]);

  if (counts === undefined || boundaries === undefined) {
    return <main className="screen open-data-map" data-testid="screen-crime-map" aria-busy="true" />;
  }
  const soumCounts = counts.filter((c) => c.soum !== null);
  if (soumCounts.length === 0) {
    return (
      <main className="screen open-data-map" data-testid="screen-crime-map">
        <h1>{t('openDataMap.crime.heading')}</h1>
        <p className="lead" data-testid="odm-empty">
          {t('openDataMap.empty')}
        </p>
      </main>
    );
  }
  const months = [...new Set(soumCounts.map((c) => c.month))].sort();
  const top = [...bySoum].sort((a, b) => b[1].known + b[1].hidden - (a[1].known + a[1].hidden))[0]?.[0];
  const placeName = chosen ? place.soumName(chosen) : place.aimagName;
  const words = (key: string, values?: Record<string, string | number>) => t(key, values ?? {});
  const cell = (text: CellText) => {
    switch (text.kind) {
      case 'count':
        return formatNumber(text.value, lang);
      case 'fewerThan5':
        return t('openDataMap.crime.fewerThan5');
      case 'range':
        return t('openDataMap.crime.range', { low: formatNumber(text.low, lang), high: formatNumber(text.high, lang) });
      case 'none':
        return '—';
    }
  };
  const soumChoices = [...soums].sort((a, b) =>
    place.soumName(a.soum ?? '').localeCompare(place.soumName(b.soum ?? '')),
  );

  return (
    <main className="screen open-data-map" data-testid="screen-crime-map">
      <h1>{t('openDataMap.crime.heading')}</h1>
      <p className="lead" data-testid="crime-sentence">
        {t('openDataMap.crime.sentence', {
          aimag: place.aimagName,
          from: monthWords(words, months[0]!),
          to: monthWords(words, months[months.length - 1]!),
          top: top ? place.soumName(top) : '',
        })}
      </p>
      <p className="note" data-testid="crime-suppressed">
        {t('openDataMap.crime.suppressed')}
      </p>
      <div className="odm-layout">
        <section className="odm-map-panel">
          {projection ? (
            <>
              <AimagMap
                projection={projection}
                outline={outline}
                soums={soums}
                soumClass={(soum) => `odm-shade-${shade.get(soum) ?? 0}`}
                soumName={place.soumName}
                homeSoum={place.soum}
                chosenSoum={chosen}
                areas={[]}
                selected={null}
                label={t('openDataMap.crime.mapLabel', { aimag: place.aimagName })}
                onPick={(point) => {
                  const soum = soumAt(point, soums);
                  if (soum) setChosen(soum);
                }}
                testId="crime-map"
              />
              <p className="odm-hint">{t('openDataMap.crime.hint')}</p>
              <section className="odm-legend" aria-labelledby="odm-crime-legend">
                <h2 id="odm-crime-legend">{t('openDataMap.crime.legendHeading')}</h2>
                <ul>
                  {from.map((low, k) => (
                    <li key={low}>
                      <span className={`odm-key odm-shade-${k}`} aria-hidden="true" />
                      {k < from.length - 1
                        ? t('openDataMap.crime.legendClass', {
                            from: formatNumber(low, lang),
                            to: formatNumber(from[k + 1]! - 1, lang),
                          })
                        : t('openDataMap.crime.legendTop', { from: formatNumber(low, lang) })}
                    </li>
                  ))}
                  <li>
                    <span className="odm-key odm-key-home" aria-hidden="true" />
                    {t('openDataMap.legend.ourSoum', { soum: place.soumName(place.soum) })}
                  </li>
                </ul>
              </section>
            </>
          ) : (
            <p className="note">{t('openDataMap.noBorders')}</p>
          )}
        </section>
        <section className="odm-side">
          <h2 id="odm-choose">{t('openDataMap.crime.choose')}</h2>
          <div className="odm-choices" role="group" aria-labelledby="odm-choose">
            <button
              type="button"
              className="choice"
              aria-pressed={chosen === null}
              onClick={() => setChosen(null)}
              data-testid="crime-place-aimag"
            >
              {t('openDataMap.crime.wholeAimag')}
            </button>
            {soumChoices.map((s) => (
              <button
                key={s.id}
                type="button"
                className="choice"
                aria-pressed={chosen === s.soum}
                onClick={() => setChosen(s.soum)}
                data-testid={`crime-place-${s.soum}`}
              >
                {place.soumName(s.soum ?? '')}
              </button>
            ))}
          </div>
          <PrintSummary
            what="crime"
            label={t('openDataMap.crime.print')}
            request={() => crimeSummaryPrint({ ...printPlace(), words }, table, placeName, counts[0]?.source)}
          />
        </section>
      </div>
      <section className="odm-table-section">
        <div className="odm-table-scroll" role="region" aria-labelledby="odm-crime-caption" tabIndex={0}>
          <table className="odm-table" data-testid="crime-table" data-place={chosen ?? place.aimag}>
            <caption id="odm-crime-caption">{t('openDataMap.crime.caption', { place: placeName })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('openDataMap.crime.month')}</th>
                {table.crimes.map((crime) => (
                  <th key={crime} scope="col">
                    {crime}
                  </th>
                ))}
                <th scope="col">{t('openDataMap.crime.total')}</th>
              </tr>
            </thead>
            <tbody>
              {table.months.map((month) => (
                <tr key={month}>
                  <th scope="row">{monthWords(words, month)}</th>
                  {table.crimes.map((crime) => {
                    const text = cellText(table.cell(month, crime));
                    return (
                      <td key={crime} className={text.kind === 'count' ? undefined : 'odm-hidden-count'}>
                        {cell(text)}
                      </td>
                    );
                  })}
                  <td className="odm-total">{cell(cellText(table.total(month)))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {counts[0] && <Source source={counts[0].source} />}
      </section>
    </main>
  );

  function printPlace() {
    return { lang, aimag: place.aimagName, soum: place.soumName(place.soum), soumName: place.soumName };
  }
}
