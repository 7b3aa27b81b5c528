import { AIMAGS } from '../../src-shared/rules/aimag-codes.js';
import { useI18n } from '../i18n/i18n.js';

/**
 * The "Аймаг" filter of the cases, kiosks and report pages: every aimag and the capital by name,
 * or all. An aimag operator is held to its own aimag by the server, so the pages leave it out then.
 */
export function AimagField({ id, value, onChange }: { id: string; value: string; onChange: (code: string) => void }) {
  const { t, lang } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{t('cases.aimag')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('common.all')}</option>
        {Object.entries(AIMAGS).map(([code, name]) => (
          <option key={code} value={code}>
            {name[lang]}
          </option>
        ))}
      </select>
    </div>
  );
}
