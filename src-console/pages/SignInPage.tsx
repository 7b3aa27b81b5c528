import { useEffect, useRef, useState, type FormEvent } from 'react';
import { sessionResponseSchema, type SessionResponse } from '../../src-shared/console/console-api.js';
import { api, ApiError } from '../api/client.js';
import { describeError } from '../app/session.js';
import { useI18n } from '../i18n/i18n.js';
import { LanguageSwitch } from '../ui/LanguageSwitch.js';

/**
 * Login and password, and a worded answer: wrong (the same for an unknown login, a wrong password
 * and a disabled account, as the server answers), wait N seconds, or locked for N minutes.
 */
export function SignInPage({
  notice,
  onSignedIn,
}: {
  notice: 'expired' | 'signed-out' | null;
  onSignedIn: (session: SessionResponse) => void;
}) {
  const { t } = useI18n();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const loginRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = `${t('signIn.heading')} — ${t('app.title')}`;
    loginRef.current?.focus();
  }, [t]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (login.trim() === '' || password === '') {
      setError(t('signIn.missing'));
      (login.trim() === '' ? loginRef : passwordRef).current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const session = await api.json(sessionResponseSchema, 'POST', api.url('/session'), { login, password });
      onSignedIn(session);
    } catch (err) {
      setPassword('');
      if (err instanceof ApiError && err.code === 'invalid_credentials') setError(t('signIn.wrong'));
      else if (err instanceof ApiError && err.code === 'too_many_attempts') {
        const seconds = err.retryAfter ?? 60;
        setError(
          /locked/i.test(err.message)
            ? t('signIn.locked', { minutes: Math.ceil(seconds / 60) })
            : t('signIn.wait', { seconds }),
        );
      } else setError(describeError(t, err));
      passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" id="main">
      <div className="sign-in-card">
        <div className="sign-in-top">
          <p className="brand">{t('app.title')}</p>
          <LanguageSwitch />
        </div>
        <h1>{t('signIn.heading')}</h1>
        <p>{t('signIn.intro')}</p>
        {notice && (
          <p className="notice" role="status">
            {notice === 'expired' ? t('signIn.expired') : t('signIn.signedOut')}
          </p>
        )}
        <form onSubmit={(e) => void submit(e)} noValidate aria-describedby={error ? 'sign-in-error' : undefined}>
          <div className="field">
            <label htmlFor="login">{t('signIn.login')}</label>
            <input
              id="login"
              ref={loginRef}
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={login}
              onChange={(e) => setLogin(e.target.value)}
              aria-invalid={error !== null}
            />
          </div>
          <div className="field">
            <label htmlFor="password">{t('signIn.password')}</label>
            <input
              id="password"
              ref={passwordRef}
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={error !== null}
            />
          </div>
          {error && (
            <p className="error" id="sign-in-error" role="alert" data-testid="sign-in-error">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('signIn.working') : t('signIn.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
