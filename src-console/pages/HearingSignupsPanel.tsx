import { hearingSignupsSchema } from '../../src-shared/console/hearings-api.js';
import { formatNumber } from '../../src-shared/format.js';
import { api } from '../api/client.js';
import { useLoad } from '../api/use-load.js';
import { useI18n } from '../i18n/i18n.js';
import { TableWrap } from '../ui/TableWrap.js';

/**
 * For the organiser of public hearings (issue 19): each published hearing with how many citizens
 * asked at a kiosk to take part. Shown above the case table when it lists hearing sign-ups; each
 * sign-up's name and phone are on its case page.
 */
export function HearingSignupsPanel({ aimag }: { aimag: string }) {
  const { t, lang } = useI18n();
  const { data, error } = useLoad(hearingSignupsSchema, api.url('/hearings', aimag ? { aimag } : {}));
  if (error) {
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  }
  if (!data) return null;
  const caption = t('hearings.caption', { count: formatNumber(data.hearings.length, lang) });
  return (
    <TableWrap label={caption}>
      <table data-testid="hearing-signups">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('hearings.startsAt')}</th>
            <th scope="col">{t('hearings.topic')}</th>
            <th scope="col">{t('hearings.place')}</th>
            <th scope="col">{t('hearings.organiser')}</th>
            <th scope="col">{t('hearings.signups')}</th>
          </tr>
        </thead>
        <tbody>
          {data.hearings.map((h) => (
            <tr key={h.hearingId} data-testid={`hearing-row-${h.hearingId}`}>
              <td>{h.startsAt.slice(0, 16).replace('T', ' ')}</td>
              <td>{h.topic}</td>
              <td>{h.place}</td>
              <td>{h.organiser}</td>
              <td>{formatNumber(h.signups, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
