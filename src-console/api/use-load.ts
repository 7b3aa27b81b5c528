import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { describeError } from '../app/session.js';
import { useI18n } from '../i18n/i18n.js';
import { api } from './client.js';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  /** Load again (after an action changed what the page shows). */
  reload: () => void;
}

/** GET `url` (null: nothing yet), checked against `schema`; a stale answer never overwrites a newer one. */
export function useLoad<T>(schema: z.ZodType<T>, url: string | null): Loaded<T> {
  const { t } = useI18n();
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (url === null) return undefined;
    let live = true;
    api
      .json(schema, 'GET', url)
      .then((data) => live && setState({ data, error: null }))
      .catch((err: unknown) => live && setState((s) => ({ data: s.data, error: describeError(t, err) })));
    return () => {
      live = false;
    };
  }, [schema, url, round, t]);
  return { ...state, reload: () => setRound((r) => r + 1) };
}
