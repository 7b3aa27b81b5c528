import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { z } from 'zod';
import {
  OPERATOR_ROLES,
  operatorAccountSchema,
  operatorChangeResponseSchema,
  type OperatorAccount,
  type OperatorRole,
} from '../../src-shared/console/console-api.js';
import { formatDate } from '../../src-shared/format.js';
import { AIMAGS } from '../../src-shared/rules/aimag-codes.js';
import { api, ApiError } from '../api/client.js';
import { describeError, useSession } from '../app/session.js';
import { useI18n } from '../i18n/i18n.js';
import { PageHeading } from '../ui/PageHeading.js';
import { TableWrap } from '../ui/TableWrap.js';

const listSchema = z.object({ operators: z.array(operatorAccountSchema) });

/**
 * Console accounts: the list (administrator and auditor), and for the administrator: add one,
 * disable one, give one a new password. Each answer is worded; the server audits every change.
 */
export function OperatorsPage() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const isAdmin = session.operator.role === 'admin';
  const [operators, setOperators] = useState<OperatorAccount[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [resetFor, setResetFor] = useState<string | null>(null);

  const load = useCallback(() => {
    api
      .json(listSchema, 'GET', api.url('/operators'))
      .then((data) => setOperators(data.operators))
      .catch((err: unknown) => setMessage({ kind: 'error', text: describeError(t, err) }));
  }, [t]);
  useEffect(load, [load]);

  const refusal = (err: unknown, login: string): string => {
    if (err instanceof ApiError) {
      if (err.code === 'login_taken') return t('operators.loginTaken', { login });
      if (err.code === 'own_account') return t('operators.ownAccount');
      if (err.code === 'not_found') return t('operators.notFound');
      if (err.code === 'invalid') return t('operators.invalid', { message: err.message });
    }
    return describeError(t, err);
  };

  const disable = async (login: string) => {
    if (!window.confirm(t('operators.confirmDisable', { login }))) return;
    try {
      const res = await api.json(
        operatorChangeResponseSchema,
        'POST',
        api.url(`/operators/${encodeURIComponent(login)}/disable`),
      );
      setMessage({ kind: 'ok', text: t('operators.disabledDone', { login, count: res.sessionsEnded }) });
      load();
    } catch (err) {
      setMessage({ kind: 'error', text: refusal(err, login) });
    }
  };

  const scopeOf = (o: OperatorAccount) =>
    o.aimagCode !== null
      ? t('header.aimag', { aimag: AIMAGS[o.aimagCode]?.[lang] ?? o.aimagCode })
      : o.agencyId !== null
        ? t('header.agency', { agency: o.agencyId })
        : t('operators.noScope');

  return (
    <>
      <PageHeading title={t('operators.heading')}>{t('operators.heading')}</PageHeading>
      <p>{t('operators.intro')}</p>
      {message && (
        <p className={message.kind === 'ok' ? 'success' : 'error'} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      {operators && (
        <TableWrap label={t('operators.caption')}>
          <table data-testid="operators-table">
            <caption>{t('operators.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('operators.login')}</th>
                <th scope="col">{t('operators.role')}</th>
                <th scope="col">{t('operators.scope')}</th>
                <th scope="col">{t('operators.created')}</th>
                <th scope="col">{t('operators.state')}</th>
                {isAdmin && <th scope="col">{t('operators.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {operators.map((o) => (
                <tr key={o.id} className={o.disabledAt ? 'muted' : undefined}>
                  <th scope="row">{o.login}</th>
                  <td>{t(`roles.${o.role}`)}</td>
                  <td>{scopeOf(o)}</td>
                  <td className="nowrap">{formatDate(new Date(o.createdAt), lang)}</td>
                  <td>
                    {o.disabledAt
                      ? t('operators.disabled', { date: formatDate(new Date(o.disabledAt), lang) })
                      : t('operators.active')}
                  </td>
                  {isAdmin && (
                    <td className="row-actions">
                      {o.login !== session.operator.login && !o.disabledAt && (
                        <button
                          type="button"
                          onClick={() => void disable(o.login)}
                          aria-label={`${t('operators.disable')}: ${o.login}`}
                        >
                          {t('operators.disable')}
                        </button>
                      )}
                      <button
                        type="button"
                        aria-expanded={resetFor === o.login}
                        aria-label={`${t('operators.resetPassword')}: ${o.login}`}
                        onClick={() => setResetFor(resetFor === o.login ? null : o.login)}
                      >
                        {t('operators.resetPassword')}
                      </button>
                      {resetFor === o.login && (
                        <ResetPasswordForm
                          login={o.login}
                          onDone={(text, ok) => {
                            setMessage({ kind: ok ? 'ok' : 'error', text });
                            if (ok) {
                              setResetFor(null);
                              load();
                            }
                          }}
                          refusal={refusal}
                        />
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {isAdmin && (
        <AddOperatorForm
          onAdded={(login) => {
            setMessage({ kind: 'ok', text: t('operators.added', { login }) });
            load();
          }}
          refusal={refusal}
        />
      )}
    </>
  );
}

function ResetPasswordForm({
  login,
  onDone,
  refusal,
}: {
  login: string;
  onDone: (text: string, ok: boolean) => void;
  refusal: (err: unknown, login: string) => string;
}) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const id = `reset-${login}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const res = await api.json(
        operatorChangeResponseSchema,
        'POST',
        api.url(`/operators/${encodeURIComponent(login)}/password`),
        {
          password,
        },
      );
      onDone(t('operators.resetDone', { login, count: res.sessionsEnded }), true);
    } catch (err) {
      onDone(refusal(err, login), false);
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={id}>{t('operators.newPassword', { login })}</label>
      <input
        id={id}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        autoFocus
      />
      <button type="submit" className="primary">
        {t('common.save')}
      </button>
    </form>
  );
}

function AddOperatorForm({
  onAdded,
  refusal,
}: {
  onAdded: (login: string) => void;
  refusal: (err: unknown, login: string) => string;
}) {
  const { t, lang } = useI18n();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<OperatorRole>('aimag_operator');
  const [aimag, setAimag] = useState('');
  const [agency, setAgency] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const res = await api.request('POST', api.url('/operators'), {
        login,
        password,
        role,
        aimagCode: role === 'aimag_operator' ? aimag || null : null,
        agencyId: role === 'agency_handler' ? agency || null : null,
      });
      await res.arrayBuffer();
      onAdded(login.trim().toLowerCase());
      setLogin('');
      setPassword('');
    } catch (err) {
      setError(refusal(err, login));
    }
  };

  return (
    <section className="card" aria-labelledby="add-operator">
      <h2 id="add-operator">{t('operators.addHeading')}</h2>
      <form className="grid-form" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="new-login">{t('operators.login')}</label>
          <input
            id="new-login"
            value={login}
            autoCapitalize="none"
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setLogin(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="new-password">{t('operators.password')}</label>
          <input
            id="new-password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="new-role">{t('operators.role')}</label>
          <select id="new-role" value={role} onChange={(e) => setRole(e.target.value as OperatorRole)}>
            {OPERATOR_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        {role === 'aimag_operator' && (
          <div className="field">
            <label htmlFor="new-aimag">{t('operators.aimag')}</label>
            <select id="new-aimag" value={aimag} onChange={(e) => setAimag(e.target.value)}>
              <option value="">{t('operators.chooseAimag')}</option>
              {Object.entries(AIMAGS).map(([code, name]) => (
                <option key={code} value={code}>
                  {name[lang]} ({code})
                </option>
              ))}
            </select>
          </div>
        )}
        {role === 'agency_handler' && (
          <div className="field">
            <label htmlFor="new-agency">{t('operators.agency')}</label>
            <input
              id="new-agency"
              value={agency}
              autoCapitalize="none"
              spellCheck={false}
              onChange={(e) => setAgency(e.target.value)}
            />
          </div>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="filter-buttons">
          <button type="submit" className="primary">
            {t('operators.add')}
          </button>
        </div>
      </form>
    </section>
  );
}
