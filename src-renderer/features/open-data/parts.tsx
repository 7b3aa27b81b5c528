import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCalendarDate, formatDecimal, formatMnt } from '../../../src-shared/format.js';
import type { Language } from '../../../src-shared/schemas/localized-text.js';
import { printOpenDataSummary, type OpenDataSummary } from '../../core/open-data/print.js';
import { useKiosk, useLang } from '../../app/kiosk-context.js';

type T = ReturnType<typeof useTranslation>['t'];

/**
 * A large sum in words a reader takes in at a glance: `1.8 тэрбум₮`, `76.4 сая₮`; smaller sums
 * whole (`4,500,000₮`). Tables show the exact figure beside it.
 */
export function shortMnt(t: T, amount: number, lang: Language): string {
  if (amount >= 1e9) return t('openData.billion', { value: formatDecimal(amount / 1e9, lang) });
  if (amount >= 1e7) return t('openData.million', { value: formatDecimal(amount / 1e6, lang) });
  return formatMnt(amount, lang);
}

/** Where a figure comes from and the day it was taken, under every record. The address is text: the kiosk opens no web page. */
export function SourceNote({ source, testId }: { source: { url: string; takenOn: string } | null; testId?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!source) return null;
  return (
    <p className="open-data-source" data-testid={testId ?? 'open-data-source'}>
      <span className="open-data-source-url">{t('openData.source', { url: source.url })}</span>
      <span>{t('openData.takenOn', { date: formatCalendarDate(source.takenOn, lang) })}</span>
    </p>
  );
}

/** The "Source … / Taken on …" line as printed. */
export function sourceLine(t: T, source: { url: string; takenOn: string }, lang: Language): string {
  return `${t('openData.source', { url: source.url })}. ${t('openData.takenOn', { date: formatCalendarDate(source.takenOn, lang) })}`;
}

type PrintState = 'idle' | 'printing' | 'printed' | 'failed';

/** "Print a short summary": the section's summary on the receipt roll, and what became of it. */
export function PrintSummaryButton({ summary }: { summary: () => OpenDataSummary | null }) {
  const { t } = useTranslation();
  const { core } = useKiosk();
  const lang = useLang();
  const [state, setState] = useState<PrintState>('idle');
  async function print() {
    const s = summary();
    if (!s) return;
    setState('printing');
    try {
      await printOpenDataSummary(core, s, lang);
      setState('printed');
    } catch {
      setState('failed');
    }
  }
  return (
    <div className="open-data-print">
      <button
        type="button"
        className="secondary-button"
        onClick={() => void print()}
        disabled={state === 'printing'}
        data-testid="open-data-print"
      >
        {state === 'printing' ? t('openData.print.printing') : t('openData.print.button')}
      </button>
      <p role="status" className="open-data-print-status" data-testid="open-data-print-status" data-state={state}>
        {state === 'printed' ? t('openData.print.printed') : state === 'failed' ? t('openData.print.failed') : ''}
      </p>
    </div>
  );
}

/** The screen's note when the kiosk has no record of a dataset yet. */
export function EmptyNote({ text }: { text?: string }) {
  const { t } = useTranslation();
  return (
    <p className="note" data-testid="open-data-empty">
      {text ?? t('openData.empty')}
    </p>
  );
}

export type { T };
