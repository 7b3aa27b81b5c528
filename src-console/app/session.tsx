import { createContext, useContext } from 'react';
import type { SessionResponse } from '../../src-shared/console/console-api.js';
import { ApiError } from '../api/client.js';
import type { Translate } from '../i18n/i18n.js';
import { mn } from '../i18n/messages.js';

export interface SessionValue {
  session: SessionResponse;
  signOut: () => Promise<void>;
  signOutEverywhere: () => Promise<number>;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in console');
  return value;
}

/** Refusals the server names by code, said in the reader's own words (mn/en) instead of the server's English. */
const WORDED_REFUSALS = Object.keys(mn.refusals) as ReadonlyArray<keyof typeof mn.refusals>;
const isWordedRefusal = (code: string): code is keyof typeof mn.refusals =>
  (WORDED_REFUSALS as readonly string[]).includes(code);

/** A refusal in the reader's words: the common ones translated, the rest with the server's reason. */
export function describeError(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    if (isWordedRefusal(error.code) && !error.message.startsWith('No console API route')) {
      return t(`refusals.${error.code}`);
    }
    if (error.code === 'network') return t('errors.network');
    if (error.code === 'forbidden') return `${t('errors.forbidden')} (${error.message})`;
    if (error.code === 'csrf' || error.code === 'cross_site') return t('errors.csrf');
    if (error.status === 404 && error.code === 'not_found' && error.message.startsWith('No console API route')) {
      return t('errors.notAvailable');
    }
    return t('errors.generic', { message: error.message });
  }
  return t('errors.generic', { message: error instanceof Error ? error.message : String(error) });
}
