import { useTranslation } from 'react-i18next';
import { useShell } from '../../app/kiosk-context.js';
import type { Navigation, Screen } from '../../app/navigation.js';
import { HelpIcon, LawsIcon, PetitionIcon, ServicesIcon, TrackIcon } from '../../app/icons.js';
// Until the "Ил тод мэдээлэл" hub (issue 19) has them: the two map screens' tiles.
import { OpenDataMapLinks } from '../open-data-map/OpenDataMapLinks.js';

const TILES = [
  { key: 'services', screen: { name: 'services' }, Icon: ServicesIcon },
  { key: 'petition', screen: { name: 'petition' }, Icon: PetitionIcon },
  { key: 'laws', screen: { name: 'laws' }, Icon: LawsIcon },
  { key: 'track', screen: { name: 'track' }, Icon: TrackIcon },
  { key: 'help', screen: { name: 'help' }, Icon: HelpIcon },
] as const satisfies readonly { key: string; screen: Screen; Icon: unknown }[];

/**
 * Five big tiles, each a picture and a few words. A library screen has no petition (no personal
 * data there), and says what it offers and where to comment or apply instead.
 */
export function HomeScreen({ nav }: { nav: Navigation }) {
  const { t } = useTranslation();
  const { info } = useShell();
  const library = info.presentation === 'library';
  const tiles = library ? TILES.filter((tile) => tile.key !== 'petition') : TILES;
  return (
    <main className="screen home" data-testid="screen-home">
      <h1>{t('home.heading')}</h1>
      <ul className="tiles">
        {tiles.map(({ key, screen, Icon }) => (
          <li key={key}>
            <button type="button" className="tile" onClick={() => nav.go(screen)} data-testid={`tile-${key}`}>
              <Icon className="tile-icon" />
              <span className="tile-title">{t(`home.${key}.title`)}</span>
              <span className="tile-text">
                {library && key === 'laws' ? t('home.laws.textLibrary') : t(`home.${key}.text`)}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <OpenDataMapLinks nav={nav} />
      {library && (
        // What this screen offers, and where to do what it does not (comment, petition, request).
        <div className="note library-notice" data-testid="library-notice">
          <p>{t('library.offers')}</p>
          <p>{t('library.whereToComment')}</p>
        </div>
      )}
    </main>
  );
}
