import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCalendarDate, formatNumber } from '../../../src-shared/format.js';
import {
  licenceCounts,
  licenceGroup,
  licencesNear,
  type LicenceNear,
} from '../../../src-shared/open-data-map/licences-near.js';
import { pathOf, pickAt } from '../../../src-shared/open-data-map/map-geometry.js';
import type { OpenDataSource } from '../../../src-shared/schemas/open-data.js';
import { useLang } from '../../app/kiosk-context.js';
import { licenceSummaryPrint } from '../../core/print-open-data.js';
import { useAimagMap } from '../../data/open-data-hooks.js';
import { emitAppEvent } from '../../platform/app-events.js';
import { AimagMap, type MapArea } from './AimagMap.js';
import { LicenceCard } from './LicenceCard.js';
import { PrintSummary } from './PrintSummary.js';
import { useMapPlace, useProjection } from './use-map-place.js';
import './open-data-map.css';

/** A finger is about 8 mm wide: on a map of an aimag that is a few kilometres. */
const REACH_KM = 8;

/**
 * «Бидний ойролцоох тусгай зөвшөөрөл»: the aimag's mineral and oil licences on an offline map
 * (soum borders, the kiosk's soum marked, protected areas, environment notices), a touch shows a
 * licence's card; and the same as a list for those who do not read maps — this soum's first,
 * then the nearest — with protected areas and notices in words.
 */
export function LicenceMapScreen() {
  const { t } = useTranslation();
  const lang = useLang();
  const place = useMapPlace();
  const data = useAimagMap(place.aimag);
  const { projection, outline, soums } = useProjection(data?.boundaries);
  const [selected, setSelected] = useState<string | null>(null);
  const rows = useMemo(
    () => (data ? licencesNear(data.licences, data.boundaries, place.soum) : []),
    [data, place.soum],
  );
  const areas = useMemo((): MapArea[] => {
    if (!data || !projection) return [];
    return [
      ...data.protectedAreas.map((a) => ({ id: a.id, className: 'odm-protected', d: pathOf(a.geometry, projection) })),
      ...data.notices.flatMap((n) =>
        n.geometry ? [{ id: n.id, className: 'odm-notice', d: pathOf(n.geometry, projection) }] : [],
      ),
      ...rows.map((r) => ({
        id: r.licence.id,
        className: `odm-licence odm-${licenceGroup(r.licence)}`,
        d: pathOf(r.licence.geometry, projection),
        marker: projection.project(r.centre),
      })),
    ];
  }, [data, projection, rows]);

  useEffect(() => {
    if (data && projection) emitAppEvent('open-data-map-drawn', { map: 'licences', areas: areas.length });
  }, [data, projection, areas.length]);

  if (data === undefined) {
    return <main className="screen open-data-map" data-testid="screen-licence-map" aria-busy="true" />;
  }
  const counts = licenceCounts(rows);
  const chosen = rows.find((r) => r.licence.id === selected);
  const here = rows.filter((r) => r.here);
  const elsewhere = rows.filter((r) => !r.here);
  const pickable = rows.map((r) => ({ id: r.licence.id, geometry: r.licence.geometry, centre: r.centre }));
  const words = (key: string, values?: Record<string, string | number>) => t(key, values ?? {});
  const printPlace = {
    lang,
    words,
    aimag: place.aimagName,
    soum: place.soumName(place.soum),
    soumName: place.soumName,
  };

  return (
    <main className="screen open-data-map" data-testid="screen-licence-map">
      <h1>{t('openDataMap.licences.heading')}</h1>
      {rows.length === 0 ? (
        <p className="lead" data-testid="odm-empty">
          {t('openDataMap.empty')}
        </p>
      ) : (
        <p className="lead" data-testid="licence-sentence">
          {t('openDataMap.licences.sentence', {
            aimag: place.aimagName,
            soum: place.soumName(place.soum),
            all: formatNumber(counts.all, lang),
            here: formatNumber(counts.here, lang),
          })}
        </p>
      )}
      <div className="odm-layout">
        <section className="odm-map-panel">
          {projection ? (
            <>
              <AimagMap
                projection={projection}
                outline={outline}
                soums={soums}
                soumClass={() => ''}
                soumName={place.soumName}
                homeSoum={place.soum}
                areas={areas}
                selected={selected}
                label={t('openDataMap.licences.mapLabel', { aimag: place.aimagName })}
                onPick={(point) => {
                  const hit = pickAt(pickable, point, REACH_KM);
                  if (hit) setSelected(hit.id);
                }}
                testId="licence-map"
              />
              <p className="odm-hint">{t('openDataMap.licences.hint')}</p>
              <Legend
                soum={place.soumName(place.soum)}
                oil={counts.oil > 0}
                protectedAreas={data.protectedAreas.length > 0}
                notices={data.notices.some((n) => n.geometry !== null)}
              />
            </>
          ) : (
            <p className="note">{t('openDataMap.noBorders')}</p>
          )}
        </section>
        <section className="odm-side">
          {chosen && <LicenceCard row={chosen} soumName={place.soumName} onClose={() => setSelected(null)} />}
          {rows.length > 0 && (
            <PrintSummary
              what="licences"
              label={t('openDataMap.licences.print')}
              request={() => licenceSummaryPrint(printPlace, rows)}
            />
          )}
          <h2>{t('openDataMap.licences.listHeading')}</h2>
          <h3>{t('openDataMap.licences.here', { soum: place.soumName(place.soum), count: here.length })}</h3>
          {here.length === 0 ? (
            <p>{t('openDataMap.licences.noneHere')}</p>
          ) : (
            <LicenceList rows={here} selected={selected} onSelect={setSelected} testId="licence-list-here" />
          )}
          {elsewhere.length > 0 && (
            <>
              <h3>{t('openDataMap.licences.elsewhere', { count: elsewhere.length })}</h3>
              <LicenceList
                rows={elsewhere}
                selected={selected}
                onSelect={setSelected}
                testId="licence-list-elsewhere"
              />
            </>
          )}
          {data.protectedAreas.length > 0 && (
            <>
              <h2>{t('openDataMap.protected.heading')}</h2>
              <ul className="odm-plain-list" data-testid="protected-list">
                {data.protectedAreas.map((a) => (
                  <li key={a.id}>
                    <strong>{a.name}</strong> —{' '}
                    {t('openDataMap.protected.row', {
                      category: t(`openDataMap.category.${a.category}`),
                      ha: formatNumber(a.areaHa, lang),
                    })}
                  </li>
                ))}
              </ul>
              <Source source={data.protectedAreas[0]!.source} />
            </>
          )}
          {data.notices.length > 0 && (
            <>
              <h2>{t('openDataMap.notices.heading')}</h2>
              <ul className="odm-plain-list" data-testid="notice-list">
                {[...data.notices]
                  .sort((a, b) => (a.published < b.published ? 1 : -1))
                  .map((n) => (
                    <li key={n.id}>
                      <strong>{n.title}</strong> ({t(`openDataMap.noticeKind.${n.kind}`)},{' '}
                      {n.soum ? place.soumName(n.soum) : place.aimagName})
                      <br />
                      {t('openDataMap.notices.proponent', { name: n.proponent })}.{' '}
                      {t('openDataMap.notices.published', { date: formatCalendarDate(n.published, lang) })}
                      {n.commentsUntil && (
                        <>
                          .{' '}
                          {t('openDataMap.notices.commentsUntil', { date: formatCalendarDate(n.commentsUntil, lang) })}
                        </>
                      )}
                    </li>
                  ))}
              </ul>
              <Source source={data.notices[0]!.source} />
            </>
          )}
        </section>
      </div>
    </main>
  );
}

function LicenceList({
  rows,
  selected,
  onSelect,
  testId,
}: {
  rows: readonly LicenceNear[];
  selected: string | null;
  onSelect(id: string): void;
  testId: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const place = useMapPlace();
  return (
    <ul className="odm-licence-list" data-testid={testId}>
      {rows.map((r) => (
        <li key={r.licence.id}>
          <button
            type="button"
            className={`odm-licence-row odm-row-${licenceGroup(r.licence)}`}
            aria-pressed={selected === r.licence.id}
            onClick={() => onSelect(r.licence.id)}
            data-testid={`licence-row-${r.licence.id}`}
          >
            <span className="odm-row-title">
              {r.licence.number} — {r.licence.holder}
            </span>
            <span>
              {t('openDataMap.licences.row', {
                kind: t(`openDataMap.kind.${r.licence.kind}`),
                status: t(`openDataMap.status.${r.licence.status}`),
                soum: place.soumName(r.soum),
              })}
            </span>
            {r.km !== null && !r.here && (
              <span className="odm-row-distance">
                {t('openDataMap.licences.distance', { km: formatNumber(Math.round(r.km), lang) })}
              </span>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The key in words, naming only what this map shows. */
function Legend({
  soum,
  oil,
  protectedAreas,
  notices,
}: {
  soum: string;
  oil: boolean;
  protectedAreas: boolean;
  notices: boolean;
}) {
  const { t } = useTranslation();
  const items: [string, string][] = [
    ['odm-key-home', t('openDataMap.legend.ourSoum', { soum })],
    ['odm-key-border', t('openDataMap.legend.border')],
    ['odm-key-mineral', t('openDataMap.legend.mineral')],
    ...(oil ? [['odm-key-oil', t('openDataMap.legend.oil')] as [string, string]] : []),
    ...(protectedAreas ? [['odm-key-protected', t('openDataMap.legend.protected')] as [string, string]] : []),
    ...(notices ? [['odm-key-notice', t('openDataMap.legend.notice')] as [string, string]] : []),
    ['odm-key-selected', t('openDataMap.legend.selected')],
  ];
  return (
    <section className="odm-legend" aria-labelledby="odm-legend-heading">
      <h2 id="odm-legend-heading">{t('openDataMap.legend.heading')}</h2>
      <ul>
        {items.map(([key, text]) => (
          <li key={key}>
            <span className={`odm-key ${key}`} aria-hidden="true" />
            {text}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Source({ source }: { source: OpenDataSource }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <p className="odm-source" data-testid="odm-source">
      {t('openDataMap.source', { url: source.url, date: formatCalendarDate(source.takenOn, lang) })}
    </p>
  );
}
