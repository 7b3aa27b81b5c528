import { useTranslation } from 'react-i18next';
import { useShell } from '../../app/kiosk-context.js';
import type { Navigation, Screen } from '../../app/navigation.js';
import { HelpIcon, LawsIcon, OpenDataIcon, PetitionIcon, ServicesIcon, TrackIcon } from '../../app/icons.js';

const TILES = [
  { key: 'services', screen: { name: 'services' }, Icon: ServicesIcon },
  { key: 'petition', screen: { name: 'petition' }, Icon: PetitionIcon },
  { key: 'laws', screen: { name: 'laws' }, Icon: LawsIcon },
  { key: 'track', screen: { name: 'track' }, Icon: TrackIcon },
  // «Ил тод мэдээлэл» (issue 19): its words live with the rest of the open data's, in `openData`.
  {
    key: 'openData',
    screen: { name: 'open-data' },
    Icon: OpenDataIcon,
    words: { title: 'openData.tile.title', text: 'openData.tile.text' },
  },
  { key: 'help', screen: { name: 'help' }, Icon: HelpIcon },
] as const satisfies readonly { key: string; screen: Screen; Icon: unknown; words?: { title: string; text: string } }[];

/** A tile's title and text keys: `home.<key>.title` and `.text` unless the tile names its own. */
function wordsOf(tile: (typeof TILES)[number]): { title: string; text: string } {
  return 'words' in tile ? tile.words : { title: `home.${tile.key}.title`, text: `home.${tile.key}.text` };
}

/**
 * Six big tiles, each a picture and a few words. A library screen has no petition (no personal
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
        {tiles.map((tile) => {
          const { key, screen, Icon } = tile;
          return (
            <li key={key}>
              <button type="button" className="tile" onClick={() => nav.go(screen)} data-testid={`tile-${key}`}>
                <Icon className="tile-icon" />
                <span className="tile-title">{t(wordsOf(tile).title)}</span>
                <span className="tile-text">
                  {library && key === 'laws' ? t('home.laws.textLibrary') : t(wordsOf(tile).text)}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
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
