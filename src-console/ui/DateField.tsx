import { useId, useState } from 'react';
import { useI18n, type MessageKey } from '../i18n/i18n.js';

/**
 * Reads what an operator types as a day: 2026-12-03, 2026.12.03, 2026/12/3 or 20261203 all mean
 * the same. Returns YYYY-MM-DD, '' for an empty field, or null when it is not a real day.
 */
export function readDay(typed: string): string | null {
  const text = typed.trim();
  if (text === '') return '';
  const m = /^(\d{4})[-./ ]?(\d{1,2})[-./ ]?(\d{1,2})$/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A day typed as year-month-day, the way Mongolian documents write it, whatever language the
 * browser itself speaks (a date picker would show the browser's own order, e.g. 12/03/2026).
 * The page's value is the day as YYYY-MM-DD; while the text is not a day the field says so,
 * and the page gets the text as typed, so a search with it is refused in words by the server.
 */
export function DateField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: MessageKey;
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useI18n();
  const hintId = useId();
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  // A value set by the page (cleared filters, a link) replaces what was typed.
  if (value !== seen) {
    setSeen(value);
    if (readDay(text) !== value) setText(value);
  }
  const day = readDay(text);
  const wrong = day === null;
  return (
    <div className="field">
      <label htmlFor={id}>{t(label)}</label>
      <input
        id={id}
        value={text}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder={t('common.dayExample')}
        aria-describedby={hintId}
        aria-invalid={wrong}
        onChange={(e) => {
          const typed = e.target.value;
          setText(typed);
          const read = readDay(typed);
          const next = read ?? typed;
          setSeen(next);
          onChange(next);
        }}
        onBlur={() => {
          if (day !== null && day !== text) setText(day);
        }}
      />
      <span id={hintId} className={wrong ? 'hint wrong' : 'hint'}>
        {wrong ? t('common.dayWrong') : t('common.dayHint')}
      </span>
    </div>
  );
}
