import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk, useLang, useShell } from '../../app/kiosk-context.js';
import type { Navigation } from '../../app/navigation.js';
import { printHearing } from '../../core/print-hearing.js';
import { useOpenData } from '../../data/open-data-hooks.js';
import type { Hearing } from '../../../src-shared/schemas/open-data.js';
import { emitAppEvent } from '../../platform/app-events.js';
import { hearingWhen, splitHearings, takenOnText } from './hearing-list.js';
import './hearings.css';

type PrintState = 'printing' | 'printed' | 'failed';

/**
 * "Public hearings": this aimag's hearings from the open data, those to come first (this soum's
 * first on a day), each with when, where, who organises it and how to take part in plain words,
 * then those already held with their result. Every card names its source and the day it was
 * taken, can be printed as a short summary, and (not on a library screen) lets the citizen ask
 * to take part.
 */
export function HearingsScreen({ nav }: { nav: Navigation }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { info } = useShell();
  const { core } = useKiosk();
  const hearings = useOpenData('hearing', { aimag: info.place.aimag });
  const [printing, setPrinting] = useState<Record<string, PrintState>>({});
  const lists = hearings ? splitHearings(hearings, new Date(), info.place.soum) : null;
  const canSignUp = info.presentation !== 'library';

  async function print(h: Hearing) {
    setPrinting((p) => ({ ...p, [h.id]: 'printing' }));
    try {
      await printHearing(
        core,
        h,
        hearingWhen(h, lang, info.place.aimag),
        takenOnText(h.source.takenOn, lang),
        {
          heading: t('hearings.title'),
          when: t('hearings.when'),
          place: t('hearings.place'),
          organiser: t('hearings.organiser'),
          howToTakePart: t('hearings.howToTakePart'),
          result: t('hearings.result'),
          source: t('hearings.source'),
        },
        lang,
      );
      setPrinting((p) => ({ ...p, [h.id]: 'printed' }));
      emitAppEvent('hearing-printed', { hearingId: h.id });
    } catch {
      setPrinting((p) => ({ ...p, [h.id]: 'failed' }));
    }
  }

  const card = (h: Hearing, upcoming: boolean) => {
    const state = printing[h.id];
    return (
      <li key={h.id} className="hearing-card" data-testid={`hearing-${h.id}`}>
        <h3 className="hearing-topic">
          {h.topic}
          {h.soum !== null && h.soum === info.place.soum && (
            <span className="hearing-own">{t('hearings.ownSoum')}</span>
          )}
        </h3>
        <dl className="hearing-facts">
          <dt>{t('hearings.when')}</dt>
          <dd data-testid="hearing-when">{hearingWhen(h, lang, info.place.aimag)}</dd>
          <dt>{t('hearings.place')}</dt>
          <dd>{h.place}</dd>
          <dt>{t('hearings.organiser')}</dt>
          <dd>{h.organiser}</dd>
          {upcoming ? (
            <>
              <dt>{t('hearings.howToTakePart')}</dt>
              <dd>{h.howToTakePart}</dd>
            </>
          ) : (
            <>
              <dt>{t('hearings.result')}</dt>
              <dd data-testid="hearing-result">{h.result ?? t('hearings.resultUnknown')}</dd>
            </>
          )}
        </dl>
        <p className="hearing-source">
          {t('hearings.source')}: <span className="hearing-url">{h.source.url}</span>
          <br />
          {t('hearings.takenOn', { date: takenOnText(h.source.takenOn, lang) })}
        </p>
        <div className="hearing-actions">
          {upcoming && canSignUp && (
            <button
              type="button"
              className="primary-button"
              onClick={() => nav.go({ name: 'hearing-signup', hearingId: h.id })}
              data-testid="hearing-sign-up"
            >
              {t('hearings.signUp')}
            </button>
          )}
          <button
            type="button"
            className="secondary-button"
            disabled={state === 'printing'}
            onClick={() => void print(h)}
            data-testid="hearing-print"
          >
            {state === 'printing' ? t('hearings.printing') : t('hearings.print')}
          </button>
        </div>
        {(state === 'printed' || state === 'failed') && (
          <p
            className={state === 'failed' ? 'field-message error' : 'note'}
            role="status"
            data-testid="hearing-print-state"
          >
            {state === 'failed' ? t('hearings.printFailed') : t('hearings.printed')}
          </p>
        )}
      </li>
    );
  };

  return (
    <main className="screen hearings" data-testid="screen-hearings">
      <h1>{t('hearings.title')}</h1>
      <p className="lead">{t('hearings.lead')}</p>
      {!lists && <p className="note">{t('hearings.loading')}</p>}
      {lists && lists.upcoming.length === 0 && lists.past.length === 0 && (
        <p className="note" data-testid="hearings-nothing">
          {t('hearings.nothing')}
        </p>
      )}
      {lists && (lists.upcoming.length > 0 || lists.past.length > 0) && (
        <>
          <section aria-labelledby="hearings-upcoming">
            <h2 id="hearings-upcoming">{t('hearings.upcoming')}</h2>
            {lists.upcoming.length === 0 ? (
              <p className="note">{t('hearings.noneUpcoming')}</p>
            ) : (
              <ul className="hearing-list" data-testid="hearings-upcoming">
                {lists.upcoming.map((h) => card(h, true))}
              </ul>
            )}
          </section>
          {lists.past.length > 0 && (
            <section aria-labelledby="hearings-past">
              <h2 id="hearings-past">{t('hearings.past')}</h2>
              <ul className="hearing-list" data-testid="hearings-past">
                {lists.past.map((h) => card(h, false))}
              </ul>
            </section>
          )}
        </>
      )}
    </main>
  );
}
