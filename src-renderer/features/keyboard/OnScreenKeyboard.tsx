import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CapitalsIcon, EraseIcon } from '../../app/icons.js';
import { useLang } from '../../app/kiosk-context.js';
import {
  ALPHABETS,
  CONTACT_KEYS,
  DIGITS,
  PUNCTUATION,
  defaultAlphabet,
  keyboardKindOf,
  keypadExtra,
  type Alphabet,
  type KeyboardKind,
} from './layouts.js';

type Editable = HTMLInputElement | HTMLTextAreaElement;
const TEXT_TYPES = new Set(['text', 'search', 'tel', 'email', 'url', 'number', 'password', '']);

function isEditable(el: EventTarget | null): el is Editable {
  if (el instanceof HTMLTextAreaElement) return !el.readOnly && !el.disabled;
  return el instanceof HTMLInputElement && TEXT_TYPES.has(el.type) && !el.readOnly && !el.disabled;
}

/**
 * Types into `el` as a real keystroke would: through the native value setter (so React sees an
 * ordinary input event), at the caret, within `maxLength`.
 */
function typeInto(el: Editable, insert: string | 'backspace'): void {
  const value = el.value;
  let start = el.selectionStart ?? value.length;
  let end = el.selectionEnd ?? value.length;
  let next: string;
  if (insert === 'backspace') {
    if (start === end && start > 0) start = start - 1;
    next = value.slice(0, start) + value.slice(end);
    end = start;
  } else {
    if (el.maxLength > 0 && value.length - (end - start) + insert.length > el.maxLength) return;
    next = value.slice(0, start) + insert + value.slice(end);
    end = start + insert.length;
  }
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, next);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  try {
    el.setSelectionRange(end, end);
  } catch {
    // some input types have no selection; the caret stays at the end
  }
}

/**
 * Scrolls `el` into the part of the screen the keyboard leaves free: the page's scroll padding
 * (`--osk-height`, see styles.css) makes `scrollIntoView` count the keyboard as off-screen.
 */
function showAboveKeyboard(el: Element): void {
  el.scrollIntoView({ block: 'nearest', behavior: 'instant' });
}

/** A key: never takes the focus from the field being typed in. */
function Key({
  label,
  dataKey,
  className = '',
  pressed,
  ariaLabel,
  lang,
  onPress,
}: {
  label: React.ReactNode;
  dataKey: string;
  className?: string;
  pressed?: boolean;
  ariaLabel?: string;
  lang?: string;
  onPress(): void;
}) {
  return (
    <button
      type="button"
      className={`osk-key ${className}`}
      tabIndex={-1}
      aria-pressed={pressed}
      aria-label={ariaLabel}
      lang={lang}
      onPointerDown={(e) => e.preventDefault()}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onPress}
      data-key={dataKey}
    >
      {label}
    </button>
  );
}

/**
 * The on-screen keyboard: appears under any focused text field, with the layout the field needs
 * — Mongolian Cyrillic, Kazakh (its nine letters on top) or Latin for words; a large keypad for
 * numbers, dates and phones; Cyrillic capitals with digits for a registration number. Keys
 * never take the focus, so the caret stays where the citizen put it.
 */
export function OnScreenKeyboard() {
  const { t } = useTranslation();
  const lang = useLang();
  const [target, setTarget] = useState<Editable | null>(null);
  // The visitor's own choice of letters holds until they change language.
  const [choice, setChoice] = useState<{ lang: string; alphabet: Alphabet } | null>(null);
  const alphabet = choice && choice.lang === lang ? choice.alphabet : defaultAlphabet(lang);
  const setAlphabet = (a: Alphabet) => setChoice({ lang, alphabet: a });
  const [shift, setShift] = useState(false);
  const [symbols, setSymbols] = useState(false);

  useEffect(() => {
    let hideTimer: number | undefined;
    const onFocusIn = (e: FocusEvent) => {
      if (!isEditable(e.target)) return;
      window.clearTimeout(hideTimer);
      const el = e.target;
      setTarget(el);
      setShift(false);
      setSymbols(false);
      // Keep the field above the keyboard once the keyboard has taken its place (and its height).
      requestAnimationFrame(() => requestAnimationFrame(() => showAboveKeyboard(el)));
    };
    const onFocusOut = () => {
      hideTimer = window.setTimeout(() => {
        if (!isEditable(document.activeElement)) setTarget(null);
      }, 50);
    };
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    return () => {
      window.clearTimeout(hideTimer);
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, []);

  useEffect(() => {
    document.body.classList.toggle('osk-open', target !== null);
    return () => document.body.classList.remove('osk-open');
  }, [target]);

  // The keyboard's real height (it grows with the text size and with its layout) becomes
  // `--osk-height`: the page keeps that much room below its content, and scrolling keeps the
  // field being typed in above the keyboard instead of under it.
  const [panel, setPanel] = useState<HTMLDivElement | null>(null);
  useEffect(() => {
    const el = panel;
    const root = document.documentElement;
    if (!el) return;
    let last = -1;
    const measure = () => {
      const height = Math.ceil(el.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      root.style.setProperty('--osk-height', `${height}px`);
      if (isEditable(document.activeElement)) showAboveKeyboard(document.activeElement);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--osk-height');
    };
  }, [panel]);

  if (!target || !target.isConnected) return null;
  const kind: KeyboardKind = keyboardKindOf(target);
  const press = (key: string | 'backspace') => {
    typeInto(target, key);
    if (shift && key !== 'backspace') setShift(false);
    // A comma or a full stop is typed, then the letters come back (as on a phone's keyboard).
    if (symbols && key !== 'backspace') setSymbols(false);
  };
  const key = (label: string, value: string = label, extraClass = '') => (
    <Key key={`${label}-${value}`} label={label} dataKey={value} className={extraClass} onPress={() => press(value)} />
  );
  const backspace = (
    <Key
      label={
        <>
          <EraseIcon /> {t('keyboard.backspace')}
        </>
      }
      ariaLabel={t('keyboard.backspace')}
      dataKey="backspace"
      className="osk-wide"
      onPress={() => press('backspace')}
    />
  );
  const done = (
    <Key
      label={t('keyboard.done')}
      dataKey="done"
      className="osk-wide osk-done"
      onPress={() => {
        target.blur();
        setTarget(null);
      }}
    />
  );

  if (kind === 'numeric' || kind === 'date' || kind === 'tel') {
    const extra = keypadExtra(kind);
    return (
      <div
        ref={setPanel}
        className="osk osk-keypad"
        role="group"
        aria-label={t('keyboard.label')}
        data-testid="keyboard"
        data-kind={kind}
      >
        <div className="osk-pad">
          {DIGITS.slice(0, 9).map((d) => key(d))}
          {extra ? key(extra) : <span />}
          {key('0')}
          {backspace}
        </div>
        {kind === 'date' && <p className="osk-hint">{t('keyboard.dateHint')}</p>}
        <div className="osk-row">{done}</div>
      </div>
    );
  }

  const upper = kind === 'regno' || shift;
  // An e-mail address is written in Latin letters; a phone number with the digits on top.
  const letters: Alphabet = kind === 'contact' ? 'latin' : alphabet;
  const rows = kind === 'regno' ? ALPHABETS.mn : ALPHABETS[letters];
  const words = kind === 'text' || kind === 'contact';
  const letter = (k: string) => (upper ? k.toLocaleUpperCase(letters === 'latin' ? 'en' : 'mn') : k);
  return (
    <div
      ref={setPanel}
      className="osk"
      role="group"
      aria-label={t('keyboard.label')}
      data-testid="keyboard"
      data-kind={kind}
      data-alphabet={letters}
      data-symbols={symbols || undefined}
    >
      <div className="osk-row">{DIGITS.map((d) => key(d))}</div>
      {symbols && words ? (
        <div className="osk-row">{PUNCTUATION.map((p) => key(p))}</div>
      ) : (
        rows.map((row, i) => (
          <div className="osk-row" key={i}>
            {row.map((k) => key(letter(k)))}
          </div>
        ))
      )}
      {kind === 'contact' && (
        // An e-mail address or a phone number: @ and the dot are always at hand.
        <div className="osk-row">{CONTACT_KEYS.map((p) => key(p))}</div>
      )}
      {words && (
        <div className="osk-row osk-controls">
          <Key
            label={
              <>
                <CapitalsIcon /> {t('keyboard.capitals')}
              </>
            }
            dataKey="shift"
            className={shift ? 'osk-wide active' : 'osk-wide'}
            pressed={shift}
            onPress={() => setShift((x) => !x)}
          />
          <Key
            label={symbols ? t('keyboard.letters') : ',.?'}
            dataKey="symbols"
            className="osk-wide"
            pressed={symbols}
            onPress={() => setSymbols((x) => !x)}
          />
          {(kind === 'contact' ? [] : (['mn', 'kk', 'latin'] as const))
            .filter((a) => a !== alphabet)
            .map((a) => (
              <Key
                key={a}
                label={t(`keyboard.alphabet.${a}`)}
                dataKey={`alphabet-${a}`}
                className="osk-wide"
                lang={a === 'latin' ? 'en' : a}
                onPress={() => setAlphabet(a)}
              />
            ))}
        </div>
      )}
      <div className="osk-row">
        {words && key(t('keyboard.space'), ' ', 'osk-space')}
        {backspace}
        {done}
      </div>
    </div>
  );
}
