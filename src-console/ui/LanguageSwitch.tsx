import { useI18n, type ConsoleLanguage } from '../i18n/i18n.js';

/** One button: Монгол ⇄ English. Its text is in the other language, marked so for screen readers. */
export function LanguageSwitch() {
  const { t, setLang } = useI18n();
  const other = t('app.otherLanguageCode') as ConsoleLanguage;
  return (
    <button type="button" className="link-button" lang={other} onClick={() => setLang(other)}>
      {t('app.otherLanguage')}
    </button>
  );
}
