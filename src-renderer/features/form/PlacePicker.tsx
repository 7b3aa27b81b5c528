import { useTranslation } from 'react-i18next';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import { useKiosk } from '../../app/kiosk-context.js';
import { useLiveQuery } from '../../data/use-live-query.js';

interface Props {
  id: string;
  value: string;
  invalid: boolean;
  onChange(value: string): void;
  onBlur(): void;
}

/**
 * Aimag, then soum, by national statistics codes (`83/8301`); names sorted as a Mongolian
 * reader expects (Ө after О, Ү after У). Where the places list has no soums for an aimag yet,
 * the aimag alone is the answer.
 */
export function PlacePicker({ id, value, invalid, onChange, onBlur }: Props) {
  const { t } = useTranslation();
  const { db, lang } = useKiosk();
  const places = useLiveQuery(() => db.places.orderBy('order').toArray(), [db], []);
  const [aimagId = '', soumId = ''] = value.split('/');
  const aimag = places.find((p) => p.id === aimagId);
  const collator = new Intl.Collator(lang === 'en' ? 'en' : lang);
  const soums = [...(aimag?.soums ?? [])].sort((a, b) =>
    collator.compare(pickText(a.name, lang), pickText(b.name, lang)),
  );
  return (
    <div className="place-picker">
      <select
        id={`${id}-aimag`}
        value={aimagId}
        aria-invalid={invalid || undefined}
        onBlur={onBlur}
        data-testid={`${id}-aimag`}
        onChange={(e) => {
          const next = places.find((p) => p.id === e.target.value);
          onChange(next && next.soums.length === 0 ? next.id : next ? `${next.id}/` : '');
        }}
      >
        <option value="">{t('form.chooseAimag')}</option>
        {places.map((p) => (
          <option key={p.id} value={p.id}>
            {pickText(p.name, lang)}
          </option>
        ))}
      </select>
      {aimag && aimag.soums.length > 0 && (
        <select
          id={`${id}-soum`}
          aria-label={t(aimag.kind === 'capital' ? 'form.chooseDistrict' : 'form.chooseSoum')}
          value={soumId}
          aria-invalid={invalid || undefined}
          onBlur={onBlur}
          data-testid={`${id}-soum`}
          onChange={(e) => onChange(e.target.value ? `${aimag.id}/${e.target.value}` : `${aimag.id}/`)}
        >
          <option value="">{t(aimag.kind === 'capital' ? 'form.chooseDistrict' : 'form.chooseSoum')}</option>
          {soums.map((s) => (
            <option key={s.id} value={s.id}>
              {pickText(s.name, lang)}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}
