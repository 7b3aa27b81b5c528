import { describe, expect, it } from 'vitest';
import {
  currentScreen,
  DEFAULT_DISPLAY,
  initialVisitState,
  visitReducer,
  type VisitAction,
  type VisitState,
} from '../../../src-renderer/app/visit-state.js';

const run = (state: VisitState, ...actions: VisitAction[]) => actions.reduce(visitReducer, state);

describe('a visit’s state (the reducer behind App)', () => {
  it('starts on the attract screen with nothing typed; an assisted session kept from the last visit starts past it', () => {
    const fresh = initialVisitState(null, 'kiosk');
    expect(fresh).toEqual({
      started: false,
      stack: [{ name: 'home' }],
      drafts: {},
      printStates: {},
      session: { channel: 'kiosk' },
      display: DEFAULT_DISPLAY,
    });
    expect(initialVisitState(null, 'library').session).toEqual({ channel: 'library' });
    const kept = initialVisitState({ channel: 'assisted', staffId: 's1' }, 'kiosk');
    expect(kept.started).toBe(true);
    expect(kept.session).toEqual({ channel: 'assisted', staffId: 's1' });
  });

  it('goes forward, replaces, goes back (never past home) and home', () => {
    const s0 = run(initialVisitState(null, 'kiosk'), { type: 'start' });
    const s1 = run(s0, { type: 'go', screen: { name: 'laws' } }, { type: 'go', screen: { name: 'law', lawId: 'l1' } });
    expect(currentScreen(s1)).toEqual({ name: 'law', lawId: 'l1' });
    const s2 = run(s1, { type: 'replace', screen: { name: 'law', lawId: 'l1', article: 3 } });
    expect(s2.stack).toEqual([{ name: 'home' }, { name: 'laws' }, { name: 'law', lawId: 'l1', article: 3 }]);
    const s3 = run(s2, { type: 'back' }, { type: 'back' }, { type: 'back' });
    expect(s3.stack).toEqual([{ name: 'home' }]);
    expect(run(s3, { type: 'back' })).toBe(s3);
    expect(run(s2, { type: 'home' }).stack).toEqual([{ name: 'home' }]);
    expect(run(s2, { type: 'reset', stack: [] }).stack).toEqual([{ name: 'home' }]);
  });

  it('keeps each form’s draft apart, and drops them all when a submission is queued: only its receipt remains', () => {
    const typed = run(
      initialVisitState(null, 'kiosk'),
      { type: 'go', screen: { name: 'petition' } },
      { type: 'draft', key: 'petition', values: { text: 'Зам' } },
      { type: 'draft', key: 'service:passport', values: { name: 'Болд' } },
    );
    expect(typed.drafts).toEqual({ petition: { text: 'Зам' }, 'service:passport': { name: 'Болд' } });
    const done = run(typed, {
      type: 'submitted',
      trackingNo: '0421-000001-5',
      dueDate: '2026-12-30',
      secret: undefined,
      subject: { kind: 'petition', title: { mn: 'Өргөдөл' } },
    });
    expect(done.drafts).toEqual({});
    expect(done.stack).toEqual([
      {
        name: 'receipt',
        trackingNo: '0421-000001-5',
        dueDate: '2026-12-30',
        subject: { kind: 'petition', title: { mn: 'Өргөдөл' } },
      },
    ]);
  });

  it('follows each receipt’s printing, the session and the display, without touching the rest', () => {
    const s0 = initialVisitState(null, 'kiosk');
    const s1 = run(
      s0,
      { type: 'print', trackingNo: 'a', print: { state: 'printing' } },
      { type: 'print', trackingNo: 'b', print: { state: 'printed' } },
      { type: 'print', trackingNo: 'a', print: { state: 'failed', reason: 'paper_out' } },
      { type: 'session', session: { channel: 'assisted', staffId: 's1', staffName: 'Болд' } },
      { type: 'display', display: { textScale: 150, highContrast: true } },
    );
    expect(s1.printStates).toEqual({ a: { state: 'failed', reason: 'paper_out' }, b: { state: 'printed' } });
    expect(s1.session).toEqual({ channel: 'assisted', staffId: 's1', staffName: 'Болд' });
    expect(s1.display).toEqual({ textScale: 150, highContrast: true });
    expect(s1.stack).toBe(s0.stack);
    expect(s0.printStates).toEqual({});
  });
});
