import type { ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';

export interface FormShellProps {
  /** `data-testid` of the screen (`screen-form`, `screen-petition`…) and its extra class. */
  testId: string;
  className?: string;
  heading: ReactNode;
  /** Where the citizen is: "step 2 of 4" and its title. Left out for a form of one step. */
  step?: { current: number; total: number; title: ReactNode; testId?: string };
  /** How many errors the current step shows, for the summary at the top (0: none). */
  errorCount: number;
  saveFailed: boolean;
  /** The back button, when there is a step before. */
  onPrevious?: () => void;
  /** The one main button: next, review or send. */
  primary: { label: string; testId: string; disabled?: boolean };
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
  heading,
  step,
  errorCount,
  saveFailed,
  onPrevious,
  primary,
  onSubmit,
  formRef,
  children,
}: FormShellProps) {
  const { t } = useTranslation();
  return (
    <main className={className ? `screen ${className}` : 'screen'} data-testid={testId}>
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
      <form
        ref={formRef}
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
          <p className="form-summary error" role="alert">
            {t('form.saveFailed')}
          </p>
        )}
        <div className="form-buttons">
          {onPrevious && (
            <button type="button" className="secondary-button" onClick={onPrevious} data-testid="previous">
              {t('form.previous')}
            </button>
          )}
          <button type="submit" className="primary-button" disabled={primary.disabled} data-testid={primary.testId}>
            {primary.label}
          </button>
        </div>
      </form>
    </main>
  );
}
