import { useTranslation } from 'react-i18next';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import { useLang, useShell } from '../../app/kiosk-context.js';
import { usePlaces } from '../../data/hooks.js';
import { TouchList } from './TouchList.js';

interface Props {
  id: string;
  /** The field's label, which names both lists. */
  labelledBy: string;
  value: string;
  invalid: boolean;
  onChange(value: string): void;
  onBlur(): void;
}

/**
 * Aimag, then soum, by national statistics codes (`83/8301`), as two large touch lists instead
 * of the browser's drop-downs: the kiosk's own aimag (then its own soum) comes first, marked as
 * where this machine is, then the rest sorted as a Mongolian reader expects (Ө after О, Ү after
 * У). Once chosen, a list folds to its answer with a button to choose again. Where the places
 * list has no soums for an aimag yet, the aimag alone is the answer.
 */
export function PlacePicker({ id, labelledBy, value, invalid, onChange, onBlur }: Props) {
  const { t } = useTranslation();
  const { info } = useShell();
  const lang = useLang();
  const places = usePlaces();
  const [aimagId = '', soumId = ''] = value.split('/');
  const aimag = places.find((p) => p.id === aimagId);
  const collator = new Intl.Collator(lang === 'en' ? 'en' : lang);
  const here = info.place;
  const aimags = [...places].sort((a, b) => Number(b.id === here.aimag) - Number(a.id === here.aimag));
  const soums = [...(aimag?.soums ?? [])].sort(
    (a, b) =>
      Number(b.id === here.soum) - Number(a.id === here.soum) ||
      collator.compare(pickText(a.name, lang), pickText(b.name, lang)),
  );
  const capital = aimag?.kind === 'capital';
  return (
    <div className="place-picker">
      <TouchList
        id={`${id}-aimag`}
        labelledBy={labelledBy}
        prompt={t('form.chooseAimag')}
        changeLabel={t('form.changeAimag')}
        value={aimagId}
        invalid={invalid}
        options={aimags.map((p) => ({
          value: p.id,
          label: pickText(p.name, lang),
          note: p.id === here.aimag ? t('form.placeHere') : undefined,
        }))}
        onBlur={onBlur}
        onChange={(next) => {
          const chosen = places.find((p) => p.id === next);
          onChange(chosen && chosen.soums.length === 0 ? chosen.id : chosen ? `${chosen.id}/` : '');
        }}
      />
      {aimag && aimag.soums.length > 0 && (
        <TouchList
          id={`${id}-soum`}
          labelledBy={labelledBy}
          prompt={t(capital ? 'form.chooseDistrict' : 'form.chooseSoum')}
          changeLabel={t(capital ? 'form.changeDistrict' : 'form.changeSoum')}
          value={soumId}
          invalid={invalid}
          options={soums.map((s) => ({
            value: s.id,
            label: pickText(s.name, lang),
            note: s.id === here.soum ? t('form.placeHere') : undefined,
          }))}
          onBlur={onBlur}
          onChange={(next) => onChange(next ? `${aimag.id}/${next}` : `${aimag.id}/`)}
        />
      )}
    </div>
  );
}
