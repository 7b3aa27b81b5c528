import { useEffect, useState } from 'react';
import type { LoadedKiosk } from './load-kiosk.js';

const LOAD_RETRY_FIRST_MS = 5_000;
const LOAD_RETRY_MAX_MS = 60_000;

/**
 * After the first screen is painted: the rest of the kiosk (database, sync, screens). If it
 * fails (the host busy, the database not opening), `failed` says so for the screens that need
 * it, and it is tried again, less and less often, so the kiosk comes back without a restart.
 * `load` must give the same kiosk however often it is called (main.tsx keeps one promise).
 */
export function useKioskLoader(load: () => Promise<LoadedKiosk>): { loaded: LoadedKiosk | null; failed: boolean } {
  const [loaded, setLoaded] = useState<LoadedKiosk | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let alive = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const attempt = (nextDelayMs: number) =>
      load().then(
        (l) => {
          if (!alive) return;
          setLoaded(l);
          setFailed(false);
        },
        () => {
          if (!alive) return;
          setFailed(true);
          retry = setTimeout(() => attempt(Math.min(nextDelayMs * 2, LOAD_RETRY_MAX_MS)), nextDelayMs);
        },
      );
    const frame = requestAnimationFrame(() => {
      retry = setTimeout(() => void attempt(LOAD_RETRY_FIRST_MS));
    });
    return () => {
      alive = false;
      cancelAnimationFrame(frame);
      clearTimeout(retry);
    };
  }, [load]);
  return { loaded, failed };
}
