import { useMemo, useState } from 'react';
import { boxOf, fitProjection, type Projection } from '../../../src-shared/open-data-map/map-geometry.js';
import { AIMAGS } from '../../../src-shared/rules/aimag-codes.js';
import type { PrintTextRequest } from '../../../src-shared/bridge-contract.js';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import type { PrinterProblem } from '../../../src-shared/schemas/printer-problem.js';
import type { Boundary } from '../../../src-shared/schemas/open-data.js';
import { useKiosk, useLang, useShell } from '../../app/kiosk-context.js';
import { printOpenDataSummary } from '../../core/print-open-data.js';
import { usePlace } from '../../data/hooks.js';
import { emitAppEvent } from '../../platform/app-events.js';
import { printProblemOf } from '../receipt/print-problem.js';

/** The map's width in its own units; the screen scales it to fit. */
export const MAP_WIDTH = 1000;

/**
 * The kiosk's aimag and soum with their names in the visitor's language (the published places),
 * for the map screens.
 */
export function useMapPlace() {
  const { info } = useShell();
  const lang = useLang();
  const place = usePlace(info.place.aimag);
  return useMemo(() => {
    const names = new Map((place?.soums ?? []).map((s) => [s.id, pickText(s.name, lang)]));
    const fallback = AIMAGS[info.place.aimag];
    return {
      aimag: info.place.aimag,
      soum: info.place.soum,
      aimagName: place ? pickText(place.name, lang) : lang === 'en' ? (fallback?.en ?? '') : (fallback?.mn ?? ''),
      soumName: (code: string) => names.get(code) ?? code,
    };
  }, [info.place.aimag, info.place.soum, lang, place]);
}

/** The projection of the aimag's borders into the map's units; null without borders. */
export function useProjection(boundaries: readonly Boundary[] | undefined): {
  projection: Projection | null;
  outline: Boundary | undefined;
  soums: Boundary[];
} {
  return useMemo(() => {
    const outline = boundaries?.find((b) => b.level === 'aimag');
    const soums = (boundaries ?? []).filter((b) => b.level === 'soum');
    const box = boxOf((outline ? [outline] : soums).map((b) => b.geometry));
    return { projection: box ? fitProjection(box, MAP_WIDTH, 16) : null, outline, soums };
  }, [boundaries]);
}

export type PrintState = 'idle' | 'printing' | 'printed' | 'failed';

/** The "print a short summary" button's state, through the core's print use case. */
export function usePrintSummary(what: string) {
  const { core } = useKiosk();
  const [state, setState] = useState<PrintState>('idle');
  const [problem, setProblem] = useState<PrinterProblem>('unknown');
  async function print(request: PrintTextRequest) {
    setState('printing');
    try {
      await printOpenDataSummary(core, request);
      setState('printed');
      emitAppEvent('open-data-summary-printed', { what });
    } catch (error) {
      setProblem(printProblemOf(error));
      setState('failed');
      emitAppEvent('open-data-summary-print-failed', { what });
    }
  }
  return { state, problem, print };
}
