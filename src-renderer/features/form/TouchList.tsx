import { useState } from 'react';

export interface TouchOption {
  value: string;
  label: string;
  /** A word under the name ("where this machine is"). */
  note?: string;
}

interface Props {
  /** `id` and `data-testid` of the list; each choice is `${id}-${value}`. */
  id: string;
  /** The field label that names the list. */
  labelledBy: string;
  /** What to do, above the choices: "Choose your aimag". */
  prompt: string;
  /** The button that opens the list again once something is chosen. */
  changeLabel: string;
  value: string;
  invalid: boolean;
  options: TouchOption[];
  onChange(value: string): void;
  onBlur(): void;
}

/**
 * A choice among many (22 aimags, a soum among 20), made with a finger: every choice is a large
 * button-sized radio in a grid, all in view at once, instead of the browser's small drop-down.
 * When one is chosen the list folds to the answer and a button to choose again.
 */
export function TouchList({ id, labelledBy, prompt, changeLabel, value, invalid, options, onChange, onBlur }: Props) {
  const [reopened, setReopened] = useState(false);
  const chosen = options.find((o) => o.value === value);
  if (chosen && !reopened) {
    return (
      <div className="touch-list-chosen" data-testid={`${id}-chosen`} data-value={chosen.value}>
        <span className="touch-list-answer">{chosen.label}</span>
        <button
          type="button"
          className="secondary-button"
          onClick={() => setReopened(true)}
          data-testid={`${id}-change`}
        >
          {changeLabel}
        </button>
      </div>
    );
  }
  return (
    <div className="touch-list-wrap">
      <p className="touch-list-prompt" id={`${id}-prompt`}>
        {prompt}
      </p>
      <div
        className="touch-list"
        role="radiogroup"
        aria-labelledby={`${labelledBy} ${id}-prompt`}
        aria-invalid={invalid || undefined}
        id={id}
        data-testid={id}
      >
        {options.map((o) => (
          <label key={o.value} className={o.value === value ? 'choice touch-choice checked' : 'choice touch-choice'}>
            <input
              type="radio"
              name={id}
              value={o.value}
              checked={o.value === value}
              onChange={() => {
                setReopened(false);
                onChange(o.value);
              }}
              onClick={() => {
                if (o.value === value) setReopened(false);
              }}
              onBlur={onBlur}
              data-testid={`${id}-${o.value}`}
            />
            <span className="touch-choice-text">
              {o.label}
              {o.note && <span className="touch-choice-note">{o.note}</span>}
            </span>
          </label>
        ))}
      </div>
    </div>
  );
}
