import type { ReactElement } from 'react';
import type { ReceiptPrintState } from '../core/kiosk-core.js';
import { HelpScreen } from '../features/home/HelpScreen.js';
import { HomeScreen } from '../features/home/HomeScreen.js';
import type { LoadedKiosk } from './load-kiosk.js';
import type { Navigation, Screen } from './navigation.js';

type ScreenName = Screen['name'];
type ScreenOf<N extends ScreenName> = Extract<Screen, { name: N }>;
type Render<N extends ScreenName, D> = (screen: ScreenOf<N>, deps: D) => ReactElement;

/** What the first screens get: they show before the rest of the kiosk has loaded. */
export interface ShellScreenDeps {
  nav: Navigation;
}

/** What the other screens get from the visit: their drafts, the receipt's print state, where to go next. */
export interface KioskScreenDeps extends ShellScreenDeps {
  screens: LoadedKiosk['screens'];
  draft(key: string): { values: Record<string, string>; onChange(values: Record<string, string>): void };
  printState(trackingNo: string): ReceiptPrintState;
  /** The receipt's "Finish": the visit ends. */
  finish(): void;
  /** After a law comment's receipt: back to the law at its article, the list and home behind it. */
  backToLaw(lawId: string, article: number | null): void;
  /** A PIN was accepted: these screens, the last one showing. */
  unlocked(stack: Screen[]): void;
}

type ShellScreenName = 'home' | 'help';

/** The screens that need nothing loaded. */
const SHELL_SCREENS: { [N in ShellScreenName]: Render<N, ShellScreenDeps> } = {
  home: (_, { nav }) => <HomeScreen nav={nav} />,
  help: (_, { nav }) => <HelpScreen nav={nav} />,
};

/** Every other screen; a screen added to `Screen` without a line here is a type error. */
const KIOSK_SCREENS: { [N in Exclude<ScreenName, ShellScreenName>]: Render<N, KioskScreenDeps> } = {
  services: (s, { nav, screens: S }) => <S.ServiceList nav={nav} categoryId={s.categoryId} />,
  service: (s, { nav, screens: S }) => <S.ServiceDetail nav={nav} serviceId={s.serviceId} />,
  form: (s, { screens: S, draft }) => {
    const d = draft(`service:${s.serviceId}`);
    return <S.ServiceForm serviceId={s.serviceId} answers={d.values} onAnswersChange={d.onChange} />;
  },
  petition: (_, { screens: S, draft }) => {
    const d = draft('petition');
    return <S.PetitionForm values={d.values} onChange={d.onChange} />;
  },
  laws: (_, { nav, screens: S }) => <S.LawList nav={nav} />,
  law: (s, { nav, screens: S }) => <S.LawReader nav={nav} lawId={s.lawId} article={s.article} />,
  'law-changes': (s, { nav, screens: S }) => <S.LawChanges nav={nav} lawId={s.lawId} />,
  'law-comment': (s, { nav, screens: S, draft }) => {
    const d = draft(`law-comment:${s.lawId}:${s.articleNumber ?? 'law'}`);
    return (
      <S.LawComment nav={nav} lawId={s.lawId} articleNumber={s.articleNumber} values={d.values} onChange={d.onChange} />
    );
  },
  hearings: (_, { nav, screens: S }) => <S.HearingsScreen nav={nav} />,
  'hearing-signup': (s, { screens: S, draft }) => {
    const d = draft(`hearing-signup:${s.hearingId}`);
    return <S.HearingSignupForm hearingId={s.hearingId} values={d.values} onChange={d.onChange} />;
  },
  track: (_, { screens: S }) => <S.TrackScreen />,
  'petition-report': (_, { screens: S }) => <S.PetitionReportScreen />,
  'assisted-pin': (_, { screens: S, unlocked }) => <S.AssistedPin onUnlocked={() => unlocked([{ name: 'home' }])} />,
  'technician-pin': (_, { screens: S, unlocked }) => (
    <S.TechnicianPin onUnlocked={() => unlocked([{ name: 'home' }, { name: 'technician' }])} />
  ),
  technician: (_, { screens: S }) => <S.TechnicianScreen />,
  'open-data': (_, { nav, screens: S }) => <S.OpenDataHub nav={nav} />,
  'open-data-budget': (_, { screens: S }) => <S.BudgetScreen />,
  'open-data-contracts': (_, { nav, screens: S, draft }) => {
    const d = draft('open-data-contracts');
    return <S.ContractsScreen nav={nav} query={d.values.query ?? ''} onQuery={(query) => d.onChange({ query })} />;
  },
  'open-data-contract': (s, { screens: S }) => <S.ContractScreen contractId={s.contractId} />,
  'open-data-declarations': (_, { screens: S, draft }) => {
    const d = draft('open-data-declarations');
    return <S.DeclarationsScreen query={d.values.query ?? ''} onQuery={(query) => d.onChange({ query })} />;
  },
  'licence-map': (_, { screens: S }) => <S.LicenceMapScreen />,
  'crime-map': (_, { screens: S }) => <S.CrimeMapScreen />,
  receipt: (s, { screens: S, printState, finish, backToLaw }) => (
    <S.ReceiptScreen
      trackingNo={s.trackingNo}
      dueDate={s.dueDate}
      secret={s.secret}
      print={printState(s.trackingNo)}
      subject={s.subject}
      onDone={finish}
      onBackToLaw={backToLaw}
    />
  ),
};

function isShellScreen(screen: Screen): screen is ScreenOf<ShellScreenName> {
  return screen.name === 'home' || screen.name === 'help';
}

/**
 * The screen → component table: the component for `screen`, or null when it needs the kiosk
 * loaded (`kiosk` null) and the caller shows that it is still starting.
 */
export function renderScreen(
  screen: Screen,
  shell: ShellScreenDeps,
  kiosk: KioskScreenDeps | null,
): ReactElement | null {
  if (isShellScreen(screen))
    return (SHELL_SCREENS[screen.name] as Render<ShellScreenName, ShellScreenDeps>)(screen, shell);
  if (!kiosk) return null;
  const render = KIOSK_SCREENS[screen.name] as Render<typeof screen.name, KioskScreenDeps>;
  return render(screen as never, kiosk);
}
