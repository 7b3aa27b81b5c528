import { useTranslation } from 'react-i18next';
import { formatCalendarDate, officialDayEndsAt } from '../../../src-shared/format.js';
import type { Law } from '../../../src-shared/schemas/law.js';
import { useKioskTimeZone, useLang, useShell } from '../../app/kiosk-context.js';
import { commentWindowState } from './comment-window.js';

/**
 * Whether comments are taken, in plain words: days left while open, when it opens, or when it
 * closed. `compact` is the one-line form used in lists and the reader; the full form also says
 * what the citizen can still do. A library screen takes no comments, so there an open window
 * says its last day and where to comment (a Public Service Machine, or the 11-11 centre), even
 * in its compact form.
 */
export function WindowNotice({ law, compact = false }: { law: Law; compact?: boolean }) {
  const { t } = useTranslation();
  const { info } = useShell();
  const lang = useLang();
  const library = info.presentation === 'library';
  const w = commentWindowState(law);
  const timeZone = useKioskTimeZone();
  let text: string;
  let detail: string | null = null;
  switch (w.state) {
    case 'open':
      if (library) {
        // A library screen takes no comments: when the window closes, and where to comment instead.
        text = t('laws.window.libraryOpen', { date: formatCalendarDate(w.closes, lang) });
        detail = t('laws.window.libraryWhere');
        break;
      }
      text =
        w.daysLeft === 0
          ? // The law's last day ends at 24:00 in Ulaanbaatar: 23:00 on a western kiosk's clock.
            t('laws.window.closesToday', { time: officialDayEndsAt(w.closes, timeZone) })
          : t('laws.window.daysLeft', { count: w.daysLeft, date: formatCalendarDate(w.closes, lang) });
      break;
    case 'not_yet':
      text = t('laws.window.notYet', { count: w.daysUntil, date: formatCalendarDate(w.opens, lang) });
      detail = t('laws.window.notYetDetail');
      break;
    case 'closed':
      text = t('laws.window.closed', { date: formatCalendarDate(w.closed, lang) });
      detail = t('laws.window.closedDetail');
      break;
  }
  return (
    <div className={`law-window law-window-${w.state}`} data-testid="law-window" data-state={w.state}>
      <p className="law-window-text">{text}</p>
      {(!compact || (library && w.state === 'open')) && detail && (
        <p className="law-window-detail" data-testid="law-window-detail">
          {detail}
        </p>
      )}
    </div>
  );
}
