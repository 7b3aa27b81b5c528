import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskPublicInfo } from '../../src-shared/schemas/kiosk-config.js';
import type { KioskSettings } from '../../src-shared/schemas/kiosk-settings.js';
import { DataContext } from '../data/data-context.js';
import { emitAppEvent } from '../platform/app-events.js';
import { uiUpdates } from '../ui-update/ui-updates.js';
import { AttractScreen } from '../features/home/AttractScreen.js';
import { OnScreenKeyboard } from '../features/keyboard/OnScreenKeyboard.js';
import { Header } from './Header.js';
import { IdleGuard } from './IdleGuard.js';
import { overlaySettings } from './settings-overlay.js';
import { wipeVisitTraces } from './wipe.js';
import type { LoadedKiosk } from './load-kiosk.js';
import {
  KioskContext,
  ShellContext,
  TEXT_SCALES,
  type DisplaySettings,
  useLang,
  useSetLang,
  type KioskContextValue,
  type ShellContextValue,
  type VisitSession,
} from './kiosk-context.js';
import type { Navigation, Screen } from './navigation.js';
import { renderScreen, type KioskScreenDeps } from './screen-table.js';
import { useKioskLoader } from './use-kiosk-loader.js';
import { useVisitSubmit } from './use-visit-submit.js';
import { currentScreen, initialVisitState, visitReducer } from './visit-state.js';
import { OutOfService } from '../features/enrolment/OutOfService.js';
import {
  enrolKiosk,
  gateBridge as makeGateBridge,
  isOutOfService,
  watchEnrolment,
  type EnrolmentState,
} from '../core/enrolment-gate.js';

type EndReason = 'idle' | 'submitted' | 'finished';

/**
 * The kiosk is shared by strangers all day, so each visitor gets a fresh `Visit`: when it ends
 * (idle, or leaving the receipt screen) its whole React tree is dropped with a new key, web
 * storage and the clipboard are cleared, and the attract screen returns. Assisted mode survives
 * a finished submission (the staff member is still there) but not an idle timeout.
 *
 * `load` must give the same kiosk however often it is called (main.tsx keeps one promise):
 * the database, sync engine and journal restore exist once per page, whatever React re-runs.
 */
export function App({ info, load }: { info: KioskPublicInfo; load(): Promise<LoadedKiosk> }) {
  const { i18n } = useTranslation();
  const [visit, setVisit] = useState(0);
  const { loaded, failed } = useKioskLoader(load);
  const [keptSession, setKeptSession] = useState<VisitSession | null>(null);
  const ending = useRef(false);

  // Remote settings (issue 17): the version the kiosk runs, laid over its provisioning file's.
  const [remote, setRemote] = useState<KioskSettings | null>(null);
  useEffect(() => {
    if (!loaded) return;
    const { settings } = loaded;
    const update = () => setRemote(settings.settings);
    update();
    return settings.subscribe(update);
  }, [loaded]);
  const effective = useMemo(() => overlaySettings(info, remote), [info, remote]);

  const endVisit = useCallback(
    async (reason: EndReason, session: VisitSession) => {
      if (ending.current) return;
      ending.current = true;
      try {
        await wipeVisitTraces();
        // The next visitor starts in the kiosk's own language (i18next's listener sets <html lang>).
        await i18n.changeLanguage(effective.defaultLanguage);
      } finally {
        setKeptSession(reason === 'submitted' && session.channel === 'assisted' ? session : null);
        setVisit((v) => v + 1);
        ending.current = false;
        emitAppEvent('visit-ended', { reason });
      }
    },
    [i18n, effective.defaultLanguage],
  );

  // A fresh kiosk, or one the centre revoked, serves nobody: it says so and waits for the technician.
  const [enrolment, setEnrolment] = useState<EnrolmentState>(info.enrolment ?? 'legacy');
  const gateBridge = useMemo(() => makeGateBridge(), []);
  useEffect(() => watchEnrolment(gateBridge, info.enrolment ?? 'legacy', setEnrolment), [gateBridge, info.enrolment]);
  useEffect(() => {
    if (isOutOfService(enrolment)) emitAppEvent('out-of-service', { state: enrolment });
  }, [enrolment]);
  if (isOutOfService(enrolment))
    return <OutOfService state={enrolment} enrol={(url, code) => enrolKiosk(gateBridge, url, code)} />;

  return (
    <Visit
      key={visit}
      info={effective}
      textScale={TEXT_SCALES.find((scale) => scale === remote?.textScale)}
      loaded={loaded}
      loadFailed={failed}
      initialSession={keptSession}
      onEnd={(reason, session) => void endVisit(reason, session)}
    />
  );
}

function Visit({
  info,
  textScale,
  loaded,
  loadFailed,
  initialSession,
  onEnd,
}: {
  info: KioskPublicInfo;
  /** The text size a visitor starts with (remote settings); normal when not set. */
  textScale?: DisplaySettings['textScale'] | undefined;
  loaded: LoadedKiosk | null;
  loadFailed: boolean;
  initialSession: VisitSession | null;
  onEnd(reason: EndReason, session: VisitSession): void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const setLang = useSetLang();
  const [state, dispatch] = useReducer(visitReducer, initialSession, (kept) =>
    initialVisitState(kept, info.presentation, textScale),
  );
  const { started, stack, drafts, printStates, session, display } = state;

  // Between visitors, and only then, a new UI build may take over (browser mode).
  useEffect(() => {
    uiUpdates.setAttractScreen(!started);
  }, [started]);

  // A new default language from the centre shows at once on the attract screen; a visit under way keeps its own.
  const shownDefault = useRef(info.defaultLanguage);
  useEffect(() => {
    if (shownDefault.current === info.defaultLanguage) return;
    shownDefault.current = info.defaultLanguage;
    if (!started) setLang(info.defaultLanguage);
  }, [info.defaultLanguage, started, setLang]);

  useEffect(() => {
    const root = document.documentElement;
    root.style.setProperty('--text-scale', String(display.textScale / 100));
    root.dataset.theme = display.highContrast ? 'contrast' : 'standard';
    root.dataset.textScale = String(display.textScale);
  }, [display]);

  const screen = currentScreen(state);
  const nav: Navigation = {
    screen,
    canGoBack: stack.length > 1,
    go: (s) => {
      dispatch({ type: 'go', screen: s });
      emitAppEvent('screen', { name: s.name });
    },
    replace: (s) => {
      dispatch({ type: 'replace', screen: s });
      emitAppEvent('screen', { name: s.name });
    },
    back: () => dispatch({ type: 'back' }),
    home: () => dispatch({ type: 'home' }),
  };

  const submit = useVisitSubmit(loaded?.core ?? null, lang, session, dispatch);

  const shell = useMemo<ShellContextValue>(
    () => ({
      info,
      session,
      setSession: (s) => dispatch({ type: 'session', session: s }),
      display,
      setDisplay: (d) => dispatch({ type: 'display', display: d }),
      sync: loaded?.sync ?? null,
    }),
    [info, session, display, loaded],
  );
  const kiosk = useMemo<KioskContextValue | null>(
    () => (loaded ? { core: loaded.core, search: loaded.search, submit } : null),
    [loaded, submit],
  );

  const kioskDeps: KioskScreenDeps | null = loaded && {
    nav,
    screens: loaded.screens,
    draft: (key) => ({
      values: drafts[key] ?? {},
      onChange: (values) => dispatch({ type: 'draft', key, values }),
    }),
    printState: (trackingNo) => printStates[trackingNo] ?? { state: 'printing' },
    finish: () => onEnd('submitted', session),
    backToLaw: (lawId, article) => {
      dispatch({
        type: 'reset',
        stack: [{ name: 'home' }, { name: 'laws' }, { name: 'law', lawId, ...(article === null ? {} : { article }) }],
      });
      emitAppEvent('screen', { name: 'law' });
    },
    unlocked: (next: Screen[]) => dispatch({ type: 'reset', stack: next }),
  };

  const body = renderScreen(screen, { nav }, kioskDeps) ?? (
    <main className="screen" data-testid="screen-loading">
      <p className="lead" role="status">
        {loadFailed ? t('app.hostError') : t('app.loading')}
      </p>
    </main>
  );

  const visitView = started ? (
    <div className="kiosk" lang={lang} data-presentation={info.presentation}>
      <Header nav={nav} />
      {body}
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
        dispatch({ type: 'start' });
        emitAppEvent('visit-started', { lang: l ?? lang });
      }}
    />
  );
  return (
    <ShellContext.Provider value={shell}>
      <DataContext.Provider value={loaded?.db ?? null}>
        <KioskContext.Provider value={kiosk}>{visitView}</KioskContext.Provider>
      </DataContext.Provider>
    </ShellContext.Provider>
  );
}
