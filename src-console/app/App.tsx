import { useCallback, useEffect, useState } from 'react';
import { sessionResponseSchema, type SessionResponse } from '../../src-shared/console/console-api.js';
import { api } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { SignInPage } from '../pages/SignInPage.js';
import { SessionContext } from './session.js';
import { Shell } from './Shell.js';

type State =
  | { kind: 'loading' }
  | { kind: 'signed-out'; notice: 'expired' | 'signed-out' | null }
  | { kind: 'signed-in'; session: SessionResponse };

/**
 * Asks the server whether this browser has a session (the cookie is httpOnly, so only the server
 * knows), then shows the sign-in page or the console. Any 401 later returns here.
 */
export function App() {
  const { t } = useI18n();
  const [state, setState] = useState<State>({ kind: 'loading' });

  const signedIn = useCallback((session: SessionResponse) => {
    api.setCsrfToken(session.csrfToken);
    setState({ kind: 'signed-in', session });
  }, []);
  const signedOut = useCallback((notice: 'expired' | 'signed-out' | null) => {
    api.setCsrfToken(null);
    setState({ kind: 'signed-out', notice });
  }, []);

  useEffect(() => {
    api.whenSessionEnds(() => signedOut('expired'));
    let live = true;
    api
      .json(sessionResponseSchema, 'GET', api.url('/session'))
      .then((session) => live && signedIn(session))
      // 401: no session yet. Anything else (no network) also starts at the sign-in page, which says so when tried.
      .catch(() => live && signedOut(null));
    return () => {
      live = false;
      api.whenSessionEnds(null);
    };
  }, [signedIn, signedOut]);

  if (state.kind === 'loading') {
    return (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (state.kind === 'signed-out') return <SignInPage notice={state.notice} onSignedIn={signedIn} />;
  const value = {
    session: state.session,
    signOut: async () => {
      await api.send('DELETE', api.url('/session'));
      signedOut('signed-out');
    },
    signOutEverywhere: async () => {
      const res = await api.request('DELETE', api.url('/sessions'));
      const { sessionsEnded } = (await res.json()) as { sessionsEnded: number };
      signedOut('signed-out');
      return sessionsEnded;
    },
  };
  return (
    <SessionContext.Provider value={value}>
      <Shell />
    </SessionContext.Provider>
  );
}
