// Mounts the kiosk's real licence map screen (over a real Dexie database holding an aimag's open
// data, as a kiosk keeps it after a sync) and times it until every licence of the aimag is drawn
// and painted.
import { createElement, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import type { Place } from '../../../src-shared/schemas/content.js';
import {
  KioskContext,
  ShellContext,
  type KioskContextValue,
  type ShellContextValue,
} from '../../../src-renderer/app/kiosk-context.js';
import { DataContext } from '../../../src-renderer/data/data-context.js';
import { openDatabase, type OpenDataEntry } from '../../../src-renderer/data/db.js';
import { LicenceMapScreen } from '../../../src-renderer/features/open-data-map/index.js';
import { initI18n } from '../../../src-renderer/i18n/index.js';
import '../../../src-renderer/fonts.css';
import '../../../src-renderer/styles.css';

interface BenchInput {
  aimag: string;
  soum: string;
  place: Place;
  entries: OpenDataEntry[];
  licences: number;
  runs: number;
}

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
/** Resolves after the next paint: a frame, then a task queued behind it. */
async function afterPaint(): Promise<void> {
  await frame();
  await new Promise<void>((r) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => r();
    ch.port2.postMessage(null);
  });
}

async function until(root: HTMLElement, ready: () => boolean): Promise<void> {
  if (!ready()) {
    await new Promise<void>((resolve) => {
      const mo = new MutationObserver(() => {
        if (ready()) {
          mo.disconnect();
          resolve();
        }
      });
      mo.observe(root, { childList: true, subtree: true, attributes: true });
    });
  }
  await afterPaint();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function run(input: BenchInput) {
  const host = document.getElementById('root')!;
  const i18n = await initI18n('mn');
  const db = openDatabase('open-data-map-bench');
  await db.openData.clear();
  await db.openData.bulkPut(input.entries);
  await db.places.put(input.place);
  const shell = {
    info: { place: { aimag: input.aimag, soum: input.soum }, presentation: 'kiosk' },
    display: { textScale: 100, highContrast: false },
  } as unknown as ShellContextValue;
  const kiosk = { core: { printLawText: async () => undefined } } as unknown as KioskContextValue;
  const wrap = (child: ReactNode) =>
    createElement(
      I18nextProvider,
      { i18n },
      createElement(
        ShellContext.Provider,
        { value: shell },
        createElement(
          KioskContext.Provider,
          { value: kiosk },
          createElement(DataContext.Provider, { value: db }, createElement('div', { className: 'kiosk' }, child)),
        ),
      ),
    );
  const drawn = () => host.querySelectorAll('[data-testid="licence-map"] .odm-licence').length >= input.licences;
  const open: number[] = [];
  let licencesDrawn = 0;
  for (let i = 0; i < input.runs + 1; i++) {
    const root = createRoot(host);
    const t0 = performance.now();
    root.render(wrap(createElement(LicenceMapScreen)));
    await until(host, drawn);
    const ms = performance.now() - t0;
    licencesDrawn = host.querySelectorAll('[data-testid="licence-map"] .odm-licence').length;
    root.unmount();
    await afterPaint();
    if (i > 0) open.push(ms); // the first run also loads fonts and warms the JIT
  }
  db.close();
  return { openMs: median(open), licencesDrawn };
}

(window as unknown as { runOpenDataMapBench: typeof run }).runOpenDataMapBench = run;
document.title = 'ready';
