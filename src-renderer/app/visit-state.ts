import type { KioskPublicInfo } from '../../src-shared/schemas/kiosk-config.js';
import type { ReceiptPrintState } from '../core/kiosk-core.js';
import type { ReceiptSubject, Screen } from './navigation.js';
import type { DisplaySettings, VisitSession } from './kiosk-context.js';

/**
 * One visitor's visit, from the attract screen to the receipt: where they are, what they have
 * typed, how their receipts are printing, who is helping them and how the screen looks. A new
 * visit starts from `initialVisitState`; nothing of it outlives the visit (App drops it).
 */
export interface VisitState {
  /** false: the attract screen is showing. */
  started: boolean;
  /** The screens opened, the last one showing; never empty. */
  stack: Screen[];
  /** What was typed into each form, by form key, so going back or switching language loses nothing. */
  drafts: Record<string, Record<string, string>>;
  printStates: Record<string, ReceiptPrintState>;
  session: VisitSession;
  display: DisplaySettings;
}

export type VisitAction =
  | { type: 'start' }
  | { type: 'go'; screen: Screen }
  | { type: 'replace'; screen: Screen }
  | { type: 'back' }
  | { type: 'home' }
  /** Sets the whole stack (after a PIN, back to a law from its receipt). */
  | { type: 'reset'; stack: Screen[] }
  | { type: 'draft'; key: string; values: Record<string, string> }
  /** A submission was queued: its receipt is the only screen, and the drafts are dropped. */
  | {
      type: 'submitted';
      trackingNo: string;
      dueDate?: string | undefined;
      secret?: string | undefined;
      subject: ReceiptSubject;
    }
  | { type: 'print'; trackingNo: string; print: ReceiptPrintState }
  | { type: 'session'; session: VisitSession }
  | { type: 'display'; display: DisplaySettings };

export const DEFAULT_DISPLAY: DisplaySettings = { textScale: 100, highContrast: false };

const HOME: Screen = { name: 'home' };

/**
 * A visit kept from the last one (an assisted session survives a finished submission) starts
 * past the attract screen; a library screen is its own channel.
 */
export function initialVisitState(
  kept: VisitSession | null,
  presentation: KioskPublicInfo['presentation'],
  /** The text size a visitor starts with (remote settings, already checked); normal when absent. */
  textScale?: DisplaySettings['textScale'],
): VisitState {
  return {
    started: kept !== null,
    stack: [HOME],
    drafts: {},
    printStates: {},
    session: kept ?? (presentation === 'library' ? { channel: 'library' } : { channel: 'kiosk' }),
    display: textScale === undefined ? DEFAULT_DISPLAY : { ...DEFAULT_DISPLAY, textScale },
  };
}

export function currentScreen(state: VisitState): Screen {
  return state.stack[state.stack.length - 1] ?? HOME;
}

export function visitReducer(state: VisitState, action: VisitAction): VisitState {
  switch (action.type) {
    case 'start':
      return { ...state, started: true };
    case 'go':
      return { ...state, stack: [...state.stack, action.screen] };
    case 'replace':
      return { ...state, stack: [...state.stack.slice(0, -1), action.screen] };
    case 'back':
      return state.stack.length > 1 ? { ...state, stack: state.stack.slice(0, -1) } : state;
    case 'home':
      return { ...state, stack: [HOME] };
    case 'reset':
      return { ...state, stack: action.stack.length > 0 ? action.stack : [HOME] };
    case 'draft':
      return { ...state, drafts: { ...state.drafts, [action.key]: action.values } };
    case 'submitted': {
      const { trackingNo, dueDate, secret, subject } = action;
      return {
        ...state,
        drafts: {},
        stack: [
          {
            name: 'receipt',
            trackingNo,
            ...(dueDate ? { dueDate } : {}),
            ...(secret ? { secret } : {}),
            subject,
          },
        ],
      };
    }
    case 'print':
      return { ...state, printStates: { ...state.printStates, [action.trackingNo]: action.print } };
    case 'session':
      return { ...state, session: action.session };
    case 'display':
      return { ...state, display: action.display };
  }
}
