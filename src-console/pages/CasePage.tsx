import { useState, type FormEvent, type ReactNode } from 'react';
import { AGENCIES } from '../../src-shared/console/agencies.js';
import {
  caseDetailSchema,
  MAX_EXTENSION_DAYS,
  type CaseAction,
  type CaseDetail,
  type CaseTimelineEntry,
} from '../../src-shared/console/cases-api.js';
import { formatCalendarDate, formatDateTime } from '../../src-shared/format.js';
import { PETITION_CATEGORIES, type SubmissionStatus } from '../../src-shared/schemas/submission.js';
import { api } from '../api/client.js';
import { useLoad } from '../api/use-load.js';
import { Link } from '../app/router.js';
import { describeError, useSession } from '../app/session.js';
import { useI18n, type MessageKey } from '../i18n/i18n.js';
import { PageHeading } from '../ui/PageHeading.js';

/** Which status each action moves a case to (notes move nothing). */
const ACTION_STATUS: Record<Exclude<CaseAction, 'notes'>, SubmissionStatus> = {
  forward: 'forwarded',
  take: 'in_progress',
  extend: 'extended',
  answer: 'answered',
  return: 'returned',
};

/**
 * One case: what the citizen wrote (opened by the server in memory for this request), the form
 * answers with their labels, kiosk and place, channel, due date, the timeline, and the actions
 * the server's rules allow now. A refusal is shown in words; every action lands on the timeline.
 */
export function CasePage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const { data, error, reload } = useLoad(caseDetailSchema, api.url(`/cases/${encodeURIComponent(id)}`));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const shown = detail && data && detail.row.id === data.row.id ? detail : data;

  const act = async (action: CaseAction, body: object, label: string): Promise<boolean> => {
    try {
      const next = await api.json(
        caseDetailSchema,
        'POST',
        api.url(`/cases/${encodeURIComponent(id)}/${action}`),
        body,
      );
      setDetail(next);
      setMessage({ ok: true, text: t('case.done', { action: label }) });
      reload();
      return true;
    } catch (err) {
      setMessage({ ok: false, text: t('case.refused', { message: describeError(t, err) }) });
      return false;
    }
  };

  if (!shown) {
    return (
      <>
        <Link to="cases">{t('case.back')}</Link>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </>
    );
  }
  const { row } = shown;
  const category =
    row.petitionCategory && (PETITION_CATEGORIES as readonly string[]).includes(row.petitionCategory)
      ? t(`categories.${row.petitionCategory}` as MessageKey)
      : null;
  const title = t('case.heading', { kind: category ?? t(`kinds.${row.kind}`), no: row.trackingNo });
  const canAct = session.operator.role !== 'auditor';
  const may = (action: Exclude<CaseAction, 'notes'>) =>
    canAct && shown.allowedStatuses.includes(ACTION_STATUS[action]) && !(action === 'extend' && shown.extended);
  const agency = AGENCIES.find((a) => a.id === row.agencyId);

  return (
    <>
      <Link to="cases">{t('case.back')}</Link>
      <PageHeading title={title}>{title}</PageHeading>
      {message && (
        <p
          className={message.ok ? 'success' : 'error'}
          role={message.ok ? 'status' : 'alert'}
          data-testid="case-message"
        >
          {message.text}
        </p>
      )}
      <div className="columns">
        <div>
          <section className="card" aria-labelledby="citizen">
            <h2 id="citizen">{t('case.citizen')}</h2>
            <Citizen detail={shown} />
          </section>
          {shown.answer && (
            <section className="card" aria-labelledby="answer">
              <h2 id="answer">{t('case.answer')}</h2>
              <p className="citizen-text">{shown.answer.text}</p>
              <p className="timeline-when">
                {formatDateTime(new Date(shown.answer.at), lang)} · {shown.answer.actor ?? t('case.system')}
              </p>
            </section>
          )}
          <section className="card" aria-labelledby="timeline">
            <h2 id="timeline">{t('case.timeline')}</h2>
            <ol className="timeline" data-testid="case-timeline">
              {shown.timeline.map((entry, i) => (
                <TimelineItem key={i} entry={entry} />
              ))}
            </ol>
          </section>
        </div>
        <div>
          <section className="card" aria-labelledby="facts">
            <h2 id="facts">{t('case.facts')}</h2>
            <dl className="facts" data-testid="case-facts">
              <dt>{t('cases.status')}</dt>
              <dd>{t(`statuses.${row.status}`)}</dd>
              <dt>{t('cases.dueDate')}</dt>
              <dd>
                {row.dueDate ? formatCalendarDate(row.dueDate, lang) : '—'}
                {row.overdue && (
                  <>
                    {' '}
                    <span className="badge overdue">{t('cases.overdueBadge')}</span>
                  </>
                )}
                {shown.extended && ` (${t('case.extendedYes')})`}
              </dd>
              {shown.initialDueDate && shown.initialDueDate !== row.dueDate && (
                <>
                  <dt>{t('case.initialDue')}</dt>
                  <dd>{formatCalendarDate(shown.initialDueDate, lang)}</dd>
                </>
              )}
              <dt>{t('case.kioskPlace')}</dt>
              <dd>
                {shown.place.kioskName[lang] ?? shown.place.kioskName.mn ?? row.kioskCode} ({row.kioskCode})
                {shown.place.aimagName && ` · ${shown.place.aimagName[lang]}`}
                {shown.place.soumName && ` · ${shown.place.soumName}`}
              </dd>
              <dt>{t('cases.channel')}</dt>
              <dd>{t(`channels.${row.channel}`)}</dd>
              {row.hearingId && (
                <>
                  <dt>{t('hearings.hearing')}</dt>
                  <dd data-testid="case-hearing">{row.hearingId}</dd>
                </>
              )}
              {row.staffId && (
                <>
                  <dt>{t('case.staff')}</dt>
                  <dd>{row.staffId}</dd>
                </>
              )}
              {shown.service && (
                <>
                  <dt>{t('case.service')}</dt>
                  <dd>{shown.service.name?.[lang] ?? shown.service.name?.mn ?? shown.service.id}</dd>
                </>
              )}
              {shown.rating !== null && (
                <>
                  <dt>{t('case.rating')}</dt>
                  <dd data-testid="case-rating">{t('case.ratingValue', { rating: shown.rating })}</dd>
                </>
              )}
              <dt>{t('cases.agency')}</dt>
              <dd>{agency ? agency[lang] : '—'}</dd>
              <dt>{t('case.createdAt')}</dt>
              <dd data-testid="case-created-at">
                {formatDateTime(new Date(row.createdAt), lang)}
                {shown.clockDoubt !== null && (
                  <span className="hint wrong">
                    {' '}
                    {t(shown.clockDoubt === 'ahead' ? 'case.clockAhead' : 'case.clockBeforeKiosk')}
                  </span>
                )}
              </dd>
              <dt>{t('cases.receivedAt')}</dt>
              <dd>{formatDateTime(new Date(row.receivedAt), lang)}</dd>
            </dl>
          </section>
          {canAct && (
            <section className="card" aria-labelledby="actions">
              <h2 id="actions">{t('case.actions')}</h2>
              {may('forward') && <ForwardForm act={act} />}
              {may('take') && (
                <p>
                  <button type="button" onClick={() => void act('take', {}, t('case.take'))}>
                    {t('case.take')}
                  </button>
                </p>
              )}
              {may('extend') && <ExtendForm act={act} />}
              {may('answer') && (
                <TextAction action="answer" summary="case.answerAction" field="case.answerText" act={act} name="text" />
              )}
              {may('return') && <ReturnForm act={act} />}
              <TextAction action="notes" summary="case.note" field="case.noteText" act={act} name="text" />
            </section>
          )}
        </div>
      </div>
    </>
  );
}

type Act = (action: CaseAction, body: object, label: string) => Promise<boolean>;

function Citizen({ detail }: { detail: CaseDetail }) {
  const { t } = useI18n();
  const c = detail.citizen;
  if (!c.opened) return <p className="error">{t('case.notOpened', { reason: c.reason })}</p>;
  const line = (label: MessageKey, value: string | null) =>
    value ? (
      <>
        <dt>{t(label)}</dt>
        <dd>{value}</dd>
      </>
    ) : null;
  return (
    <>
      {c.subject && <p className="summary-sentence">{c.subject}</p>}
      {c.text && (
        <p className="citizen-text" data-testid="citizen-text">
          {c.text}
        </p>
      )}
      <dl className="facts">
        {line('case.name', c.name)}
        {line('case.phone', c.phone)}
        {line('case.address', c.address)}
        {Object.entries(c.other).map(([k, v]) => (
          <span key={k} style={{ display: 'contents' }}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </span>
        ))}
      </dl>
      {c.answers.length > 0 && (
        <>
          <h3>{t('case.answers')}</h3>
          <dl className="facts" data-testid="case-answers">
            {c.answers.map((a) => (
              <span key={a.fieldId} style={{ display: 'contents' }}>
                <dt>{a.label.mn}</dt>
                <dd>{a.value}</dd>
              </span>
            ))}
          </dl>
        </>
      )}
    </>
  );
}

function TimelineItem({ entry }: { entry: CaseTimelineEntry }) {
  const { t, lang } = useI18n();
  // Status changes (what the kiosk shows the citizen) read "Status: …"; operator actions by name.
  const what =
    entry.source === 'status'
      ? `${t('cases.status')}: ${t(`statuses.${entry.kind as SubmissionStatus}`)}`
      : t(`case.events.${entry.kind}` as MessageKey);
  const agency = AGENCIES.find((a) => a.id === entry.agencyId);
  return (
    <li>
      <strong>{what}</strong>
      {agency && ` → ${agency[lang]}`}
      {entry.dueDate && ` (${t('cases.dueDate')}: ${formatCalendarDate(entry.dueDate, lang)})`}
      <div className="timeline-when">
        {formatDateTime(new Date(entry.at), lang)}
        {entry.actor !== null && ` · ${entry.actor}`}
      </div>
      {entry.text && <div className="citizen-text">{entry.text}</div>}
    </li>
  );
}

function ActionBox({ summary, children }: { summary: string; children: ReactNode }) {
  return (
    <details className="action">
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

function ForwardForm({ act }: { act: Act }) {
  const { t, lang } = useI18n();
  const [agencyId, setAgencyId] = useState<string>(AGENCIES[0].id);
  const [text, setText] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act('forward', { agencyId, ...(text.trim() && { text }) }, t('case.forward'));
  };
  return (
    <ActionBox summary={t('case.forward')}>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="forward-agency">{t('case.forwardTo')}</label>
          <select id="forward-agency" value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
            {AGENCIES.map((a) => (
              <option key={a.id} value={a.id}>
                {a[lang]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="forward-text">{t('case.optionalNote')}</label>
          <textarea id="forward-text" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <button type="submit" className="primary">
          {t('case.forward')}
        </button>
      </form>
    </ActionBox>
  );
}

function ExtendForm({ act }: { act: Act }) {
  const { t } = useI18n();
  const [days, setDays] = useState('30');
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act('extend', { days: Number(days), reason }, t('case.extend'));
  };
  return (
    <ActionBox summary={t('case.extend')}>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="extend-days">{t('case.days')}</label>
          <input
            id="extend-days"
            type="number"
            min={1}
            max={MAX_EXTENSION_DAYS}
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="extend-reason">{t('case.reason')}</label>
          <textarea id="extend-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <button type="submit" className="primary">
          {t('case.extend')}
        </button>
      </form>
    </ActionBox>
  );
}

function ReturnForm({ act }: { act: Act }) {
  const { t } = useI18n();
  const [responsible, setResponsible] = useState('');
  const [text, setText] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act('return', { responsible, ...(text.trim() && { text }) }, t('case.return'));
  };
  return (
    <ActionBox summary={t('case.return')}>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="return-responsible">{t('case.responsible')}</label>
          <input id="return-responsible" value={responsible} onChange={(e) => setResponsible(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="return-text">{t('case.optionalNote')}</label>
          <textarea id="return-text" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <button type="submit" className="primary">
          {t('case.return')}
        </button>
      </form>
    </ActionBox>
  );
}

function TextAction({
  action,
  summary,
  field,
  name,
  act,
}: {
  action: CaseAction;
  summary: MessageKey;
  field: MessageKey;
  name: string;
  act: Act;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const id = `${action}-text`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await act(action, { [name]: value }, t(summary))) setValue('');
  };
  return (
    <ActionBox summary={t(summary)}>
      <form onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={id}>{t(field)}</label>
          <textarea id={id} value={value} onChange={(e) => setValue(e.target.value)} />
        </div>
        <button type="submit" className="primary">
          {t(summary)}
        </button>
      </form>
    </ActionBox>
  );
}
