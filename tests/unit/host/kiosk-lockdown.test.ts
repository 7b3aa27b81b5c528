import { describe, expect, it } from 'vitest';
import {
  forbiddenDebugSwitch,
  isKioskMode,
  shouldSwallowKey,
  type KeyInput,
} from '../../../src-main/security/kiosk-lockdown.js';

function key(spec: string, type = 'keyDown'): KeyInput {
  const parts = spec.endsWith('++') ? [...spec.slice(0, -2).split('+'), '+'] : spec.split('+');
  const k = parts.pop()!;
  return {
    type,
    key: k,
    control: parts.includes('Ctrl'),
    alt: parts.includes('Alt'),
    shift: parts.includes('Shift'),
    meta: parts.includes('Meta'),
  };
}

describe('kiosk mode swallows the shortcuts that leave the app', () => {
  it.each([
    ['F5', 'reload'],
    ['Ctrl+r', 'reload'],
    ['Ctrl+Shift+R', 'hard reload'],
    ['Ctrl+F5', 'hard reload'],
    ['F12', 'DevTools'],
    ['Ctrl+Shift+I', 'DevTools'],
    ['Ctrl+Shift+J', 'console'],
    ['Ctrl+Shift+C', 'inspect element'],
    ['Ctrl+u', 'view source'],
    ['Ctrl+p', 'print dialog'],
    ['Ctrl+Shift+P', 'system print dialog'],
    ['Ctrl+s', 'save page'],
    ['Ctrl+o', 'open file'],
    ['Ctrl+=', 'zoom in'],
    ['Ctrl++', 'zoom in'],
    ['Ctrl+-', 'zoom out'],
    ['Ctrl+0', 'reset zoom'],
    ['Alt+F4', 'close window'],
    ['Ctrl+w', 'close window'],
    ['Ctrl+F4', 'close window'],
    ['Ctrl+q', 'quit'],
    ['Alt+ArrowLeft', 'back'],
    ['Alt+ArrowRight', 'forward'],
    ['BrowserBack', 'back key'],
    ['Ctrl+n', 'new window'],
    ['Ctrl+t', 'new tab'],
    ['Ctrl+Tab', 'switch tab'],
    ['F11', 'leave full screen'],
    ['Meta+d', 'OS shell'],
    ['ContextMenu', 'context menu key'],
  ])('%s (%s)', (spec) => {
    expect(shouldSwallowKey(key(spec))).toBe(true);
  });

  it('zoom by key code too, whatever the keyboard layout types (Mongolian Cyrillic)', () => {
    expect(shouldSwallowKey({ ...key('Ctrl+х'), code: 'Equal' })).toBe(true);
    expect(shouldSwallowKey({ ...key('Ctrl+ж'), code: 'Minus' })).toBe(true);
  });

  it.each([
    ['a'],
    ['Ө'],
    ['ү'],
    ['Shift+A'],
    ['Backspace'],
    ['Enter'],
    ['Tab'],
    ['Shift+Tab'],
    ['Escape'],
    ['ArrowLeft'],
    ['Ctrl+c'],
    ['Ctrl+v'],
    ['Ctrl+x'],
    ['Ctrl+z'],
    ['Ctrl+a'],
    ['Alt+Shift'],
  ])('lets %s through (typing and editing)', (spec) => {
    expect(shouldSwallowKey(key(spec))).toBe(false);
  });

  it('acts on key presses only, not releases', () => {
    expect(shouldSwallowKey(key('F5', 'keyUp'))).toBe(false);
    expect(shouldSwallowKey(key('F5', 'rawKeyDown'))).toBe(true);
  });
});

describe('a kiosk started with a debugging switch refuses to run', () => {
  it.each([
    [['electron', 'main.cjs', '--remote-debugging-port=9222'], '--remote-debugging-port'],
    [['electron', 'main.cjs', '--remote-debugging-pipe'], '--remote-debugging-pipe'],
    [['electron', '--inspect=0', 'main.cjs'], '--inspect'],
    [['electron', '--inspect-brk', 'main.cjs'], '--inspect-brk'],
    [['electron', 'main.cjs', '--js-flags=--allow-natives-syntax'], '--js-flags'],
  ])('%j → %s', (argv, expected) => {
    expect(forbiddenDebugSwitch(argv, {})).toBe(expected);
  });

  it('finds them in NODE_OPTIONS and refuses ELECTRON_RUN_AS_NODE', () => {
    expect(forbiddenDebugSwitch(['electron'], { NODE_OPTIONS: '--max-old-space-size=512 --inspect' })).toBe(
      '--inspect',
    );
    expect(forbiddenDebugSwitch(['electron'], { ELECTRON_RUN_AS_NODE: '1' })).toBe('ELECTRON_RUN_AS_NODE');
  });

  it('starts cleanly with the kiosk’s own switches', () => {
    expect(forbiddenDebugSwitch(['/opt/Tsonkh/tsonkh-kiosk', '--ozone-platform=wayland'], {})).toBeNull();
    expect(forbiddenDebugSwitch(['/opt/Tsonkh/tsonkh-kiosk'], { NODE_OPTIONS: '' })).toBeNull();
  });

  it('is kiosk mode unless TSONKH_WINDOWED=1', () => {
    expect(isKioskMode({})).toBe(true);
    expect(isKioskMode({ TSONKH_WINDOWED: '0' })).toBe(true);
    expect(isKioskMode({ TSONKH_WINDOWED: '1' })).toBe(false);
  });
});
