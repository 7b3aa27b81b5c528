import { useTranslation } from 'react-i18next';
import type { Navigation } from '../../app/navigation.js';
import './links.css';

/**
 * The two ways into the map screens, as tiles: for the "Ил тод мэдээлэл" hub (issue 19). Until
 * the hub has them, the home screen shows them under its tiles. Needs nothing loaded.
 */
export function OpenDataMapLinks({ nav }: { nav: Navigation }) {
  const { t } = useTranslation();
  return (
    <ul className="tile-list open-data-map-links" data-testid="open-data-map-links">
      <li>
        <button
          type="button"
          className="tile"
          onClick={() => nav.go({ name: 'licence-map' })}
          data-testid="tile-licence-map"
        >
          <span className="tile-title">{t('openDataMap.links.licences')}</span>
          <span className="tile-text">{t('openDataMap.links.licencesText')}</span>
        </button>
      </li>
      <li>
        <button
          type="button"
          className="tile"
          onClick={() => nav.go({ name: 'crime-map' })}
          data-testid="tile-crime-map"
        >
          <span className="tile-title">{t('openDataMap.links.crime')}</span>
          <span className="tile-text">{t('openDataMap.links.crimeText')}</span>
        </button>
      </li>
    </ul>
  );
}
