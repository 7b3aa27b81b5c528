import { useRef, useState, type FormEvent } from 'react';
import {
  publicationListSchema,
  publicationPreviewSchema,
  publicationRefusedSchema,
  publicationSchema,
  type ContentProblemDto,
  type PublicationPreview,
} from '../../src-shared/console/publish-api.js';
import { formatDateTime } from '../../src-shared/format.js';
import { api, ApiError } from '../api/client.js';
import { useLoad } from '../api/use-load.js';
import { describeError, useSession } from '../app/session.js';
import { useI18n } from '../i18n/i18n.js';
import { PageHeading } from '../ui/PageHeading.js';
import { TableWrap } from '../ui/TableWrap.js';

type State =
  | { kind: 'idle' }
  | { kind: 'problems'; problems: ContentProblemDto[]; message: string }
  | { kind: 'preview'; preview: PublicationPreview };

/**
 * Publishing from the console: a content folder as a zip → the same checks as `npm run publish`,
 * every problem by file and line → a preview of what would change → publish with a note →
 * history, where a past publication can be published again as it was (through a preview too).
 */
export function PublishingPage() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const canPublish = session.operator.role !== 'auditor';
  const history = useLoad(publicationListSchema, api.url('/publications'));
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);

  const preview = async (request: () => Promise<Response>) => {
    setBusy(true);
    setMessage(null);
    try {
      const res = await request();
      const parsed = publicationPreviewSchema.parse(await res.json());
      setState({ kind: 'preview', preview: parsed });
      setNote('');
    } catch (err) {
      setMessage({ ok: false, text: describeError(t, err) });
    } finally {
      setBusy(false);
    }
  };

  const check = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) {
      setMessage({ ok: false, text: t('publishing.chooseFile') });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      // Sent by hand, not through api.request: a 422 carries the problems in its body.
      const res = await fetch(api.url('/publications/preview', { name: file.name }), {
        method: 'POST',
        headers: { 'content-type': 'application/zip', accept: 'application/json', ...api.csrfHeaders() },
        body: file,
        credentials: 'same-origin',
      });
      const body: unknown = await res.json().catch(() => null);
      if (res.status === 422) {
        const refused = publicationRefusedSchema.safeParse(body);
        if (refused.success) {
          setState({ kind: 'problems', problems: refused.data.problems, message: refused.data.error.message });
          return;
        }
      }
      if (!res.ok) {
        const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
        throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${res.status}`);
      }
      setState({ kind: 'preview', preview: publicationPreviewSchema.parse(body) });
      setNote('');
    } catch (err) {
      setMessage({ ok: false, text: describeError(t, err) });
    } finally {
      setBusy(false);
    }
  };

  const publish = async (e: FormEvent) => {
    e.preventDefault();
    if (state.kind !== 'preview') return;
    setBusy(true);
    try {
      const done = await api.json(publicationSchema, 'POST', api.url('/publications'), {
        previewId: state.preview.previewId,
        contentHash: state.preview.contentHash,
        note,
      });
      setMessage({ ok: true, text: t('publishing.published', { id: done.id }) });
      setState({ kind: 'idle' });
      if (fileRef.current) fileRef.current.value = '';
      history.reload();
    } catch (err) {
      setMessage({ ok: false, text: describeError(t, err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading title={t('publishing.heading')}>{t('publishing.heading')}</PageHeading>
      <p>{t('publishing.intro')}</p>
      {canPublish && (
        <form className="filters" onSubmit={(e) => void check(e)}>
          <div className="field">
            <label htmlFor="publish-zip">{t('publishing.upload')}</label>
            <input id="publish-zip" ref={fileRef} type="file" accept=".zip,application/zip" />
          </div>
          <div className="filter-buttons">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('common.working') : t('publishing.check')}
            </button>
          </div>
        </form>
      )}
      {message && (
        <p
          className={message.ok ? 'success' : 'error'}
          role={message.ok ? 'status' : 'alert'}
          data-testid="publish-message"
        >
          {message.text}
        </p>
      )}
      {state.kind === 'problems' && (
        <section className="card" aria-labelledby="problems" data-testid="publish-problems">
          <h2 id="problems" className="error">
            {t('publishing.problems', { count: state.problems.length })}
          </h2>
          <TableWrap label={t('publishing.problemsCaption')}>
            <table>
              <caption>{t('publishing.problemsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('publishing.file')}</th>
                  <th scope="col" className="num">
                    {t('publishing.line')}
                  </th>
                  <th scope="col">{t('publishing.field')}</th>
                  <th scope="col">{t('publishing.message')}</th>
                </tr>
              </thead>
              <tbody>
                {state.problems.map((p, i) => (
                  <tr key={i}>
                    <th scope="row">
                      <code>{p.file}</code>
                    </th>
                    <td className="num">{p.line ?? '—'}</td>
                    <td>{p.path ? <code>{p.path}</code> : '—'}</td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      )}
      {state.kind === 'preview' && (
        <section className="card" aria-labelledby="preview" data-testid="publish-preview">
          <h2 id="preview">{t('publishing.preview', state.preview.counts)}</h2>
          {state.preview.changes.length === 0 ? (
            <p>{t('publishing.nothing')}</p>
          ) : (
            <ul className="changes">
              {state.preview.changes.map((c) => (
                <li key={`${c.type}:${c.id}`}>
                  <strong>{t(`publishing.${c.kind}`)}</strong> · {t(`publishing.types.${c.type}`)} · {c.label}{' '}
                  <code>{c.id}</code>
                  {c.diff.length > 0 && (
                    <details open={state.preview.changes.length <= 10}>
                      <summary>{t('publishing.showDiff', { count: c.diff.length })}</summary>
                      <pre className="diff">
                        {c.diff.map((d, i) => (
                          <span key={i} className={d.op}>
                            {d.op === 'added' ? '+ ' : '− '}
                            {d.text}
                            {'\n'}
                          </span>
                        ))}
                      </pre>
                      {c.diffTruncated && <p className="hint">{t('publishing.truncated')}</p>}
                    </details>
                  )}
                </li>
              ))}
            </ul>
          )}
          <form className="inline-form" onSubmit={(e) => void publish(e)}>
            <div className="field" style={{ flex: '1 1 30rem' }}>
              <label htmlFor="publish-note">{t('publishing.note')}</label>
              <input id="publish-note" value={note} onChange={(e) => setNote(e.target.value)} />
            </div>
            <button type="submit" className="primary" disabled={busy} style={{ alignSelf: 'flex-end' }}>
              {t('publishing.publish')}
            </button>
          </form>
        </section>
      )}
      <section aria-labelledby="history">
        <h2 id="history">{t('publishing.history')}</h2>
        {history.error && (
          <p className="error" role="alert">
            {history.error}
          </p>
        )}
        {history.data?.publications.length === 0 && <p>{t('publishing.noHistory')}</p>}
        {history.data && history.data.publications.length > 0 && (
          <TableWrap label={t('publishing.historyCaption')}>
            <table data-testid="publish-history">
              <caption>{t('publishing.historyCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('publishing.id')}</th>
                  <th scope="col">{t('publishing.when')}</th>
                  <th scope="col">{t('publishing.who')}</th>
                  <th scope="col">{t('publishing.note')}</th>
                  <th scope="col">{t('publishing.counts')}</th>
                  {canPublish && <th scope="col">{t('operators.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {history.data.publications.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.id}</th>
                    <td className="nowrap">{formatDateTime(new Date(p.publishedAt), lang)}</td>
                    <td>{p.operatorLogin}</td>
                    <td className="wrap">{p.note}</td>
                    <td className="nowrap">{t('publishing.countsText', p.counts)}</td>
                    {canPublish && (
                      <td>
                        <button
                          type="button"
                          aria-label={t('publishing.republishOf', { id: p.id })}
                          disabled={busy}
                          onClick={() =>
                            void preview(() => api.request('POST', api.url(`/publications/${p.id}/republish`)))
                          }
                        >
                          {t('publishing.republish')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </>
  );
}
