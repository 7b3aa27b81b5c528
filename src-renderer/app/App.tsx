import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskPublicInfo } from '../../src-shared/schemas/kiosk-config.js';
import type { Language } from '../../src-shared/schemas/localized-text.js';
import { assertNever } from '../../src-shared/assert-never.js';
import { pickText } from '../../src-shared/pick-text.js';
import type { OutboxEntry } from '../data/db.js';
import { emitAppEvent } from '../platform/app-events.js';
import { printProblemOf } from '../features/receipt/print-problem.js';
import type { PrintState } from '../features/receipt/ReceiptScreen.js';
import { AttractScreen } from '../features/home/AttractScreen.js';
import { HomeScreen } from '../features/home/HomeScreen.js';
import { HelpScreen } from '../features/home/HelpScreen.js';
import { OnScreenKeyboard } from '../features/keyboard/OnScreenKeyboard.js';
import { Header } from './Header.js';
import { IdleGuard } from './IdleGuard.js';
import { wipeVisitTraces } from './wipe.js';
import { ensureLanguage } from '../i18n/index.js';
import type { LoadedKiosk } from './load-kiosk.js';
import {
  KioskContext,
  ShellContext,
  type DisplaySettings,
  type KioskContextValue,
  type ShellContextValue,
  type SubmitInput,
  type VisitSession,
} from './kiosk-context.js';
import type { Navigation, Screen } from './navigation.js';
import { OutOfService } from '../features/enrolment/OutOfService.js';
import {
  gateBridge as makeGateBridge,
  isOutOfService,
  watchEnrolment,
  type EnrolmentState,
} from '../features/enrolment/enrolment-client.js';

export type KioskServices = Pick<KioskContextValue, 'db' | 'bridge' | 'sync' | 'search' | 'info'>;

const DEFAULT_DISPLAY: DisplaySettings = { textScale: 100, highContrast: false };

/**
 * The kiosk is shared by strangers all day, so each visitor gets a fresh `Visit`: when it ends
 * (idle, or leaving the receipt screen) its whole React tree is dropped with a new key, web
 * storage and the clipboard are cleared, and the attract screen returns. Assisted mode survives
 * a finished submission (the staff member is still there) but not an idle timeout.
 */
const LOAD_RETRY_FIRST_MS = 5_000;
const LOAD_RETRY_MAX_MS = 60_000;

/**
 * `load` must give the same kiosk however often it is called (main.tsx keeps one promise):
 * the database, sync engine and journal restore exist once per page, whatever React re-runs.
 */
export function App({ info, load }: { info: KioskPublicInfo; load(): Promise<LoadedKiosk> }) {
  const { i18n } = useTranslation();
  const [visit, setVisit] = useState(0);
  const [loaded, setLoaded] = useState<LoadedKiosk | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);

  // After the first screen is painted: the rest of the kiosk (database, sync, screens).
  // Only `load` is a dependency: react-i18next hands out a new `i18n` object on every language
  // change, and that must not start the kiosk again.
  // If it fails (the host busy, the database not opening), screens that need it say so and it is
  // tried again, less and less often, so the kiosk comes back without a restart.
  useEffect(() => {
    let alive = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const attempt = (nextDelayMs: number) =>
      load().then(
        (l) => {
          if (!alive) return;
          setLoaded(l);
          setLoadFailed(false);
        },
        () => {
          if (!alive) return;
          setLoadFailed(true);
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
  const [keptSession, setKeptSession] = useState<VisitSession | null>(null);
  const ending = useRef(false);

  const endVisit = useCallback(
    async (reason: 'idle' | 'submitted' | 'finished', session: VisitSession) => {
      if (ending.current) return;
      ending.current = true;
      try {
        await wipeVisitTraces();
        // The next visitor starts in the kiosk's own language.
        await i18n.changeLanguage(info.defaultLanguage);
        document.documentElement.lang = info.defaultLanguage;
      } finally {
        setKeptSession(reason === 'submitted' && session.channel === 'assisted' ? session : null);
        setVisit((v) => v + 1);
        ending.current = false;
        emitAppEvent('visit-ended', { reason });
      }
    },
    [i18n, info.defaultLanguage],
  );

  // A fresh kiosk, or one the centre revoked, serves nobody: it says so and waits for the technician.
  const [enrolment, setEnrolment] = useState<EnrolmentState>(info.enrolment ?? 'legacy');
  const gateBridge = useMemo(() => makeGateBridge(), []);
  useEffect(() => watchEnrolment(gateBridge, info.enrolment ?? 'legacy', setEnrolment), [gateBridge, info.enrolment]);
  useEffect(() => {
    if (isOutOfService(enrolment)) emitAppEvent('out-of-service', { state: enrolment });
  }, [enrolment]);
  if (isOutOfService(enrolment)) return <OutOfService state={enrolment} bridge={gateBridge} />;

  return (
    <Visit
      key={visit}
      info={info}
      loaded={loaded}
      loadFailed={loadFailed}
      initialSession={keptSession}
      onEnd={(reason, session) => void endVisit(reason, session)}
    />
  );
}

function Visit({
  info,
  loaded,
  loadFailed,
  initialSession,
  onEnd,
}: {
  info: KioskPublicInfo;
  loaded: LoadedKiosk | null;
  loadFailed: boolean;
  initialSession: VisitSession | null;
  onEnd(reason: 'idle' | 'submitted' | 'finished', session: VisitSession): void;
}) {
  const { t, i18n } = useTranslation();
  const services = loaded?.services ?? null;
  const library = info.presentation === 'library';
  const [started, setStarted] = useState(initialSession !== null);
  const [lang, setLangState] = useState<Language>(info.defaultLanguage);
  const [stack, setStack] = useState<Screen[]>([{ name: 'home' }]);
  const [drafts, setDrafts] = useState<Record<string, Record<string, string>>>({});
  const [printStates, setPrintStates] = useState<Record<string, PrintState>>({});
  const [session, setSession] = useState<VisitSession>(
    initialSession ?? (library ? { channel: 'library' } : { channel: 'kiosk' }),
  );
  const [display, setDisplay] = useState<DisplaySettings>(DEFAULT_DISPLAY);

  const setLang = useCallback(
    (l: Language) => {
      setLangState(l);
      document.documentElement.lang = l;
      void ensureLanguage(i18n, l)
        .then(() => i18n.changeLanguage(l))
        .then(() => emitAppEvent('language-changed', { lang: l }));
    },
    [i18n],
  );

  useEffect(() => {
    const root = document.documentElement;
    root.style.setProperty('--text-scale', String(display.textScale / 100));
    root.dataset.theme = display.highContrast ? 'contrast' : 'standard';
    root.dataset.textScale = String(display.textScale);
  }, [display]);

  const screen = stack[stack.length - 1] ?? { name: 'home' };
  const nav: Navigation = {
    screen,
    canGoBack: stack.length > 1,
    go: (s) => {
      setStack((prev) => [...prev, s]);
      emitAppEvent('screen', { name: s.name });
    },
    replace: (s) => {
      setStack((prev) => [...prev.slice(0, -1), s]);
      emitAppEvent('screen', { name: s.name });
    },
    back: () => setStack((prev) => (prev.length > 1 ? prev.slice(0, -1) : prev)),
    home: () => setStack([{ name: 'home' }]),
  };

  /** Prints only after the outbox transaction has committed, and never twice by itself. */
  const printReceipt = useCallback(
    async (entry: OutboxEntry, dueDate: string | undefined, secret: string) => {
      if (!services) return;
      setPrintStates((p) => ({ ...p, [entry.trackingNo]: { state: 'printing' } }));
      try {
        // Where it was printed, by name in the citizen's language (from the published places).
        const aimag = await services.db.places.get(info.place.aimag).catch(() => undefined);
        const soum = aimag?.soums.find((x) => x.id === info.place.soum);
        await services.bridge.call('printer.printReceipt', {
          ...(aimag && soum ? { place: { aimag: pickText(aimag.name, lang), soum: pickText(soum.name, lang) } } : {}),
          trackingNo: entry.trackingNo,
          kind: entry.kind,
          title: entry.title,
          lang,
          createdAt: entry.createdAt,
          ...(dueDate ? { dueDate } : {}),
          ...(secret ? { secret } : {}),
        });
        setPrintStates((p) => ({ ...p, [entry.trackingNo]: { state: 'printed' } }));
        emitAppEvent('receipt-printed', { trackingNo: entry.trackingNo });
      } catch (error) {
        const reason = printProblemOf(error);
        setPrintStates((p) => ({ ...p, [entry.trackingNo]: { state: 'failed', reason } }));
        emitAppEvent('receipt-print-failed', { trackingNo: entry.trackingNo, reason });
      }
    },
    [services, lang, info.place],
  );

  const submit = useCallback(
    async (input: SubmitInput) => {
      if (!loaded) throw new Error('the kiosk is still starting');
      const { dueDate, ...rest } = input;
      const entry = await loaded.submitToOutbox(loaded.services, {
        ...rest,
        lang,
        channel: session.channel,
        ...(session.channel === 'assisted' && session.staffId ? { staffId: session.staffId } : {}),
      });
      emitAppEvent('submission-queued', { trackingNo: entry.trackingNo, kind: entry.kind });
      // What was typed is no longer needed on this screen: only the receipt remains.
      setDrafts({});
      // The secret lives only in this screen's state and on the paper; it is wiped with the visit.
      const { receiptSecret, ...queued } = entry;
      setStack([
        {
          name: 'receipt',
          trackingNo: entry.trackingNo,
          ...(dueDate ? { dueDate } : {}),
          ...(receiptSecret ? { secret: receiptSecret } : {}),
          subject: { kind: entry.kind, title: entry.title, ...entry.about },
        },
      ]);
      void printReceipt(queued, dueDate, receiptSecret);
      void loaded.services.sync.syncNow();
      return entry;
    },
    [loaded, lang, session, printReceipt],
  );

  const shell = useMemo<ShellContextValue>(
    () => ({ info, lang, setLang, session, setSession, display, setDisplay, sync: services?.sync ?? null }),
    [info, lang, setLang, session, display, services],
  );
  const context = useMemo<KioskContextValue | null>(
    () => (services ? { ...services, lang, setLang, session, setSession, submit, display, setDisplay } : null),
    [services, lang, setLang, session, submit, display],
  );

  const draft = (key: string) => ({
    values: drafts[key] ?? {},
    onChange: (values: Record<string, string>) => setDrafts((d) => ({ ...d, [key]: values })),
  });

  function body() {
    switch (screen.name) {
      case 'home':
        return <HomeScreen nav={nav} />;
      case 'help':
        return <HelpScreen nav={nav} />;
      default:
        break;
    }
    if (!loaded) {
      return (
        <main className="screen" data-testid="screen-loading">
          <p className="lead" role="status">
            {loadFailed ? t('app.hostError') : t('app.loading')}
          </p>
        </main>
      );
    }
    const S = loaded.screens;
    switch (screen.name) {
      case 'services':
        return <S.ServiceList nav={nav} categoryId={screen.categoryId} />;
      case 'service':
        return <S.ServiceDetail nav={nav} serviceId={screen.serviceId} />;
      case 'form': {
        const d = draft(`service:${screen.serviceId}`);
        return <S.ServiceForm serviceId={screen.serviceId} answers={d.values} onAnswersChange={d.onChange} />;
      }
      case 'petition': {
        const d = draft('petition');
        return <S.PetitionForm values={d.values} onChange={d.onChange} />;
      }
      case 'laws':
        return <S.LawList nav={nav} />;
      case 'law':
        return <S.LawReader nav={nav} lawId={screen.lawId} article={screen.article} />;
      case 'law-changes':
        return <S.LawChanges nav={nav} lawId={screen.lawId} />;
      case 'law-comment': {
        const d = draft(`law-comment:${screen.lawId}:${screen.articleNumber ?? 'law'}`);
        return (
          <S.LawComment
            nav={nav}
            lawId={screen.lawId}
            articleNumber={screen.articleNumber}
            values={d.values}
            onChange={d.onChange}
          />
        );
      }
      case 'track':
        return <S.TrackScreen />;
      case 'petition-report':
        return <S.PetitionReportScreen />;
      case 'assisted-pin':
        return <S.AssistedPin onUnlocked={() => setStack([{ name: 'home' }])} />;
      case 'technician-pin':
        return <S.TechnicianPin onUnlocked={() => setStack([{ name: 'home' }, { name: 'technician' }])} />;
      case 'technician':
        return <S.TechnicianScreen />;
      case 'receipt':
        return (
          <S.ReceiptScreen
            trackingNo={screen.trackingNo}
            dueDate={screen.dueDate}
            secret={screen.secret}
            print={printStates[screen.trackingNo] ?? { state: 'printing' }}
            subject={screen.subject}
            onDone={() => onEnd('submitted', session)}
            // After a comment, back to the law at its article; the list and home stay behind it.
            onBackToLaw={(lawId, article) => {
              setStack([
                { name: 'home' },
                { name: 'laws' },
                { name: 'law', lawId, ...(article === null ? {} : { article }) },
              ]);
              emitAppEvent('screen', { name: 'law' });
            }}
          />
        );
      default:
        return assertNever(screen, 'screen');
    }
  }

  const visitView = (
    <>
      {started ? (
        <div className="kiosk" lang={lang} data-presentation={info.presentation}>
          <Header nav={nav} />
          {body()}
          <OnScreenKeyboard />
          <IdleGuard
            idle={info.idle}
            // The technician screen is for the technician; it is not wiped under their hands.
            paused={screen.name === 'technician'}
            onExpire={() => onEnd('idle', session)}
          />
        </div>
      ) : (
        <AttractScreen
          onStart={(l) => {
            if (l) setLang(l);
            setStarted(true);
            emitAppEvent('visit-started', { lang: l ?? lang });
          }}
        />
      )}
    </>
  );
  return (
    <ShellContext.Provider value={shell}>
      <KioskContext.Provider value={context}>{visitView}</KioskContext.Provider>
    </ShellContext.Provider>
  );
}
