import { useTranslation } from 'react-i18next';
import type { Navigation, Screen } from '../../app/navigation.js';
import './open-data.css';

/**
 * The sections of "Public information", one line each, in the order the hub shows them. Each
 * section's screen, words (`openData.sections.<key>.title` / `.text`) and test id
 * (`open-data-section-<key>`) come from its line.
 */
const SECTIONS = [
  { key: 'budget', screen: { name: 'open-data-budget' } },
  { key: 'contracts', screen: { name: 'open-data-contracts' } },
  { key: 'licences', screen: { name: 'licence-map' } },
  { key: 'declarations', screen: { name: 'open-data-declarations' } },
  { key: 'crime', screen: { name: 'crime-map' } },
  { key: 'hearings', screen: { name: 'hearings' } },
] as const satisfies readonly { key: string; screen: Screen }[];

/**
 * «Ил тод мэдээлэл»: the action plan's open data for this kiosk's aimag and soum, as big buttons.
 * Everything under it is read from what the kiosk already carries: it works offline.
 */
export function OpenDataHub({ nav }: { nav: Navigation }) {
  const { t } = useTranslation();
  return (
    <main className="screen open-data" data-testid="screen-open-data">
      <h1>{t('openData.hub.heading')}</h1>
      <p className="lead">{t('openData.hub.intro')}</p>
      <ul className="open-data-sections">
        {SECTIONS.map(({ key, screen }) => (
          <li key={key}>
            <button
              type="button"
              className="tile open-data-section"
              onClick={() => nav.go(screen)}
              data-testid={`open-data-section-${key}`}
            >
              <span className="tile-title">{t(`openData.sections.${key}.title`)}</span>
              <span className="tile-text">{t(`openData.sections.${key}.text`)}</span>
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
