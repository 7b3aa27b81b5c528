/**
 * What a kiosk-mode window refuses, as plain functions (tested in Node); src-main/electron/ only
 * wires them to Electron's events. A citizen has a touch screen and sometimes a keyboard: no key
 * may reload the page, open DevTools, zoom, print through the browser, close the window or go
 * back out of the app. Typing, editing shortcuts (copy, paste, undo, select all) and Tab still work.
 */

/** The fields of Electron's `Input` (before-input-event) these rules read. */
export interface KeyInput {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

/** Keys that act on their own, without a modifier. */
const LONE_KEYS = new Set([
  'F1', // help
  'F3', // find next
  'F5', // reload
  'F6', // focus address bar
  'F7', // caret browsing
  'F10', // menu bar
  'F11', // full screen toggle
  'F12', // DevTools
  'BrowserBack',
  'BrowserForward',
  'BrowserRefresh',
  'BrowserHome',
  'BrowserSearch',
  'BrowserFavorites',
  'BrowserStop',
  'ContextMenu',
  'Print',
  'ZoomIn',
  'ZoomOut',
]);

/**
 * Ctrl (Cmd) + key: reload (R), print (P), save (S), open (O), view source (U), find (F, G),
 * new window or tab (N, T), close (W, F4), quit (Q), history (H), downloads (J), bookmarks (D, B),
 * address bar (L, E, K), zoom (+, -, =, 0) and Shift+Ctrl+I/J/C (DevTools).
 */
const CTRL_KEYS = new Set(['r', 'p', 's', 'o', 'u', 'f', 'g', 'n', 't', 'w', 'q', 'h', 'j', 'd', 'b', 'l', 'e', 'k']);
const ZOOM_KEYS = new Set(['+', '-', '=', '0', '_']);
const ZOOM_CODES = new Set(['Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract', 'Numpad0']);

/** True when a key press in kiosk mode must be swallowed before the page or the menu sees it. */
export function shouldSwallowKey(input: KeyInput): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key;
  if (LONE_KEYS.has(key)) return true;
  // Alt+F4 (close), Alt+Left/Right/Home (back, forward, home page), Alt+D/E/F (address bar, menus).
  if (input.alt && !input.control) {
    if (/^F\d{1,2}$/.test(key)) return true;
    if (['ArrowLeft', 'ArrowRight', 'Home', 'Left', 'Right'].includes(key)) return true;
    if (['d', 'e', 'f'].includes(key.toLowerCase())) return true;
  }
  // Super (Windows key) combinations belong to the OS shell: none are the kiosk's.
  if (input.meta && !input.control) return true;
  if (input.control || input.meta) {
    const lower = key.toLowerCase();
    if (/^F\d{1,2}$/.test(key)) return true; // Ctrl+F4 close, Ctrl+F5 hard reload…
    if (CTRL_KEYS.has(lower)) return true;
    if (ZOOM_KEYS.has(key) || (input.code !== undefined && ZOOM_CODES.has(input.code))) return true;
    if (input.shift && ['i', 'j', 'c', 'm', 'delete', 'tab'].includes(lower)) return true;
    if (lower === 'tab' || lower === 'pageup' || lower === 'pagedown') return true; // switch tabs
  }
  return false;
}

/**
 * Switches that open the app to a debugger. A kiosk started with one of them is not the kiosk
 * that was installed (someone is trying to drive it), so it refuses to start. The packaged
 * binary's fuses already ignore --inspect and NODE_OPTIONS; --remote-debugging-* are Chromium
 * switches no fuse covers.
 */
const DEBUG_SWITCHES = [
  '--remote-debugging-port',
  '--remote-debugging-pipe',
  '--remote-debugging-address',
  '--remote-allow-origins',
  '--inspect',
  '--inspect-brk',
  '--inspect-port',
  '--inspect-publish-uid',
  '--debug',
  '--debug-brk',
  '--js-flags',
];

/** The first debugging switch in `argv` or NODE_OPTIONS, or null when the start is clean. */
export function forbiddenDebugSwitch(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string | null {
  const words = [...argv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  for (const word of words) {
    const name = word.split('=')[0]!;
    if (DEBUG_SWITCHES.includes(name)) return name;
  }
  if (env.ELECTRON_RUN_AS_NODE !== undefined && env.ELECTRON_RUN_AS_NODE !== '') return 'ELECTRON_RUN_AS_NODE';
  return null;
}

/** Kiosk mode unless TSONKH_WINDOWED=1 (development and the Electron e2e spec). */
export function isKioskMode(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.TSONKH_WINDOWED !== '1';
}
