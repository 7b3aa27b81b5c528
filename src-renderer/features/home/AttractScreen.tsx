import { useTranslation } from 'react-i18next';
import type { Language } from '../../../src-shared/schemas/localized-text.js';
import { useShell } from '../../app/kiosk-context.js';
import { HandIcon, LawsIcon, PetitionIcon, ServicesIcon, TrackIcon } from '../../app/icons.js';

const PICTURES = [
  { key: 'services', Icon: ServicesIcon },
  { key: 'petition', Icon: PetitionIcon },
  { key: 'laws', Icon: LawsIcon },
  { key: 'track', Icon: TrackIcon },
] as const;

/**
 * What an idle kiosk shows: what it can do, in pictures and few words, and the three languages
 * as large buttons. Touching anywhere starts in the kiosk's own language; a language button
 * starts in that one. The invitation to touch is written in every language at once, since we
 * do not yet know who is standing there.
 */
export function AttractScreen({ onStart }: { onStart(lang?: Language): void }) {
  const { t } = useTranslation();
  const { info } = useShell();
  const library = info.presentation === 'library';
  const pictures = library ? PICTURES.filter((p) => p.key === 'laws' || p.key === 'services') : PICTURES;
  return (
    <main className="attract" data-testid="screen-attract" onClick={() => onStart()}>
      <h1 className="attract-title">{t('attract.title')}</h1>
      <ul className="attract-pictures">
        {pictures.map(({ key, Icon }) => (
          <li key={key}>
            <Icon className="attract-icon" />
            <span>{library && key === 'laws' ? t('attract.lawsLibrary') : t(`attract.${key}`)}</span>
          </li>
        ))}
      </ul>
      <div className="attract-languages" role="group" aria-label={t('nav.language')}>
        {info.languages.map((l) => (
          <button
            key={l}
            type="button"
            lang={l}
            className="attract-language"
            data-testid={`start-${l}`}
            onClick={(e) => {
              e.stopPropagation();
              onStart(l);
            }}
          >
            {t(`lang.${l}`, { lng: l })}
          </button>
        ))}
      </div>
      <p className="attract-touch">
        <HandIcon className="attract-hand" />
        <span>
          {info.languages.map((l) => (
            <span key={l} lang={l} className="attract-touch-line">
              {t('attract.touch', { lng: l })}
            </span>
          ))}
        </span>
      </p>
    </main>
  );
}
