import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskPublicInfo } from '../../src-shared/schemas/kiosk-config.js';
import { emitAppEvent } from '../platform/app-events.js';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const;

/**
 * Privacy between visitors. After `timeoutSeconds` without a touch, a warning counts down
 * `warningSeconds` with a large "I need more time" button (at least 10 times); when it reaches
 * zero, `onExpire` wipes the visit. Touches while the warning shows do not count as activity:
 * only the button does, so a cat on the screen does not keep a stranger's form open.
 * Idle time is measured on the monotonic clock (`performance.now`), not the wall clock: a kiosk
 * that was offline for a week may have its clock corrected mid-visit, and a jump of days must not
 * wipe the form a citizen is filling in.
 */
export function IdleGuard({
  idle,
  paused,
  onExpire,
}: {
  idle: KioskPublicInfo['idle'];
  paused: boolean;
  onExpire(): void;
}) {
  const { t } = useTranslation();
  const lastActivity = useRef(0);
  const [warningLeft, setWarningLeft] = useState<number | null>(null);
  const [extensions, setExtensions] = useState(0);
  const expire = useRef(onExpire);
  const warningRef = useRef(false);
  const warning = warningLeft !== null;
  useEffect(() => {
    expire.current = onExpire;
    warningRef.current = warning;
  });

  useEffect(() => {
    lastActivity.current = performance.now();
    const touch = () => {
      if (!warningRef.current) lastActivity.current = performance.now();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, touch, { capture: true, passive: true });
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, touch, { capture: true });
    };
  }, []);

  useEffect(() => {
    if (paused) {
      lastActivity.current = performance.now();
      return;
    }
    const timer = setInterval(() => {
      const idleFor = (performance.now() - lastActivity.current) / 1000;
      if (idleFor < idle.timeoutSeconds) return;
      const left = Math.max(0, Math.ceil(idle.timeoutSeconds + idle.warningSeconds - idleFor));
      if (!warningRef.current) emitAppEvent('idle-warning', { seconds: left });
      setWarningLeft(left);
      if (left === 0) {
        clearInterval(timer);
        expire.current();
      }
    }, 250);
    return () => clearInterval(timer);
  }, [paused, idle.timeoutSeconds, idle.warningSeconds]);

  if (warningLeft === null) return null;
  const canExtend = extensions < idle.maxExtensions;
  return (
    <div className="overlay" data-testid="idle-warning">
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="idle-title"
        aria-describedby="idle-text"
      >
        <h2 id="idle-title">{t('idle.title')}</h2>
        <p id="idle-text">{t('idle.text')}</p>
        <p className="countdown" aria-live="polite" data-testid="idle-countdown">
          {t('idle.secondsLeft', { count: warningLeft })}
        </p>
        <div className="dialog-buttons">
          {canExtend && (
            <button
              type="button"
              className="primary-button huge"
              autoFocus
              data-testid="idle-more-time"
              onClick={() => {
                lastActivity.current = performance.now();
                setExtensions((n) => n + 1);
                setWarningLeft(null);
                emitAppEvent('idle-extended', { times: extensions + 1 });
              }}
            >
              {t('idle.moreTime')}
            </button>
          )}
          <button type="button" className="secondary-button" data-testid="idle-finish" onClick={() => expire.current()}>
            {t('idle.finish')}
          </button>
        </div>
      </div>
    </div>
  );
}
