import type { ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoomForSubmission } from './use-room.js';

export interface FormShellProps {
  /** `data-testid` of the screen (`screen-form`, `screen-petition`…) and its extra class. */
  testId: string;
  className?: string;
  /** A line above the heading (the draft law's title above "Comment on article 12"). */
  lead?: ReactNode;
  heading: ReactNode;
  /** What the citizen may want to see before answering (the article's text). */
  intro?: ReactNode;
  /** Where the citizen is: "step 2 of 4" and its title. Left out for a form of one step. */
  step?: { current: number; total: number; title: ReactNode; testId?: string };
  /** How many errors the current step shows, for the summary at the top (0: none). */
  errorCount: number;
  saveFailed: boolean;
  /** The form's own words when it could not be saved; by default "could not save, try again". */
  saveFailedText?: string;
  formClassName?: string;
  /** The back button, when there is a step before. */
  onPrevious?: () => void;
  /** The one main button: next, review or send. */
  primary: { label: string; testId: string; disabled?: boolean; describedBy?: string };
  /** Called when the form is submitted (the main button or Enter). */
  onSubmit(): void;
  formRef?: RefObject<HTMLFormElement | null>;
  children: ReactNode;
}

/**
 * The one frame of every multi-step form on the kiosk — service applications, ratings,
 * petitions: the heading, where the citizen is, the summary of errors, the step's fields
 * (or the review and consent), a plain "could not save" message, and back / next / send.
 */
export function FormShell({
  testId,
  className,
  lead,
  heading,
  intro,
  step,
  errorCount,
  saveFailed,
  saveFailedText,
  formClassName,
  onPrevious,
  primary,
  onSubmit,
  formRef,
  children,
}: FormShellProps) {
  const { t } = useTranslation();
  // A kiosk too full to keep a submission safely says so before anything is typed, and sends nothing.
  const full = useRoomForSubmission() === 'full';
  return (
    <main className={className ? `screen ${className}` : 'screen'} data-testid={testId}>
      {full && (
        <p className="form-summary error" role="alert" data-testid="storage-full">
          {t('form.storageFull')}
        </p>
      )}
      {lead}
      <h1>{heading}</h1>
      {step && (
        <div className="steps" data-testid={step.testId}>
          <p className="step-label">{t('form.step', { current: step.current, total: step.total })}</p>
          <h2>{step.title}</h2>
          <progress
            max={step.total}
            value={step.current}
            aria-label={t('form.step', { current: step.current, total: step.total })}
          />
        </div>
      )}
      {intro}
      <form
        ref={formRef}
        className={formClassName}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {errorCount > 0 && (
          <p className="form-summary error" role="alert" data-testid="form-summary">
            {t('form.fixErrors', { count: errorCount })}
          </p>
        )}
        {children}
        {saveFailed && (
          <p className="form-summary error" role="alert" data-testid="save-failed">
            {saveFailedText ?? t('form.saveFailed')}
          </p>
        )}
        <div className="form-buttons">
          {onPrevious && (
            <button type="button" className="secondary-button" onClick={onPrevious} data-testid="previous">
              {t('form.previous')}
            </button>
          )}
          <button
            type="submit"
            className="primary-button"
            disabled={primary.disabled === true || full}
            aria-describedby={primary.describedBy}
            data-testid={primary.testId}
          >
            {primary.label}
          </button>
        </div>
      </form>
    </main>
  );
}
