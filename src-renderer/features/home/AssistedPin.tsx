import { useTranslation } from 'react-i18next';
import { PinPad } from '../../app/PinPad.js';
import { useKiosk, useShell } from '../../app/kiosk-context.js';
import { emitAppEvent } from '../../platform/app-events.js';

/** Assisted mode: a Citizens' Chamber staff member enters their PIN; submissions then carry their id. */
export function AssistedPin({ onUnlocked }: { onUnlocked(): void }) {
  const { t } = useTranslation();
  const { core } = useKiosk();
  const { setSession } = useShell();
  return (
    <PinPad
      heading={t('assisted.pinHeading')}
      submitLabel={t('assisted.start')}
      testId="screen-assisted-pin"
      onSubmit={async (pin) => {
        const r = await core.unlockAssisted(pin);
        if (r.ok && r.staffId) {
          setSession({ channel: 'assisted', staffId: r.staffId, ...(r.staffName ? { staffName: r.staffName } : {}) });
          emitAppEvent('assisted-started', { staffId: r.staffId });
          onUnlocked();
          return null;
        }
        return r.retryAfterSeconds
          ? t('technician.locked', { minutes: Math.ceil(r.retryAfterSeconds / 60) })
          : t('technician.wrongPin');
      }}
    />
  );
}
