import { useTranslation } from 'react-i18next';
import { PinPad } from '../../app/PinPad.js';
import { useKiosk } from '../../app/kiosk-context.js';
import { emitAppEvent } from '../../platform/app-events.js';

/** The technician PIN pad; the host checks the PIN, the renderer never knows it. */
export function TechnicianPin({ onUnlocked }: { onUnlocked(): void }) {
  const { t } = useTranslation();
  const { core } = useKiosk();
  return (
    <PinPad
      heading={t('technician.pinHeading')}
      submitLabel={t('technician.open')}
      testId="screen-technician-pin"
      onSubmit={async (pin) => {
        const r = await core.unlockTechnician(pin);
        if (r.ok) {
          emitAppEvent('technician-unlocked');
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
