import { useContext, useEffect, useState } from 'react';
import type { DiskVerdict } from '../../../src-shared/rules/disk-room.js';
import { KioskContext } from '../../app/kiosk-context.js';
import { emitAppEvent } from '../../platform/app-events.js';

/** How often an open form looks at the kiosk's storage again. */
const LOOK_EVERY_MS = 30_000;

/**
 * Whether this kiosk can keep a new submission safely, looked at when a form opens and every
 * 30 s while it stays open: a form says so before the citizen types, not after. Null until known.
 */
export function useRoomForSubmission(): DiskVerdict | null {
  const kiosk = useContext(KioskContext);
  const core = kiosk?.core;
  const [verdict, setVerdict] = useState<DiskVerdict | null>(null);
  useEffect(() => {
    if (!core) return undefined;
    let live = true;
    const look = () =>
      void core.roomForSubmission().then((v) => {
        if (!live) return;
        setVerdict((before) => {
          if (v === 'full' && before !== 'full') emitAppEvent('storage-full');
          return v;
        });
      });
    look();
    const timer = setInterval(look, LOOK_EVERY_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [core]);
  return verdict;
}
