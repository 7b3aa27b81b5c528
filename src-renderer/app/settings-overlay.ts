import type { KioskSettings } from '../../src-shared/schemas/kiosk-settings.js';
import type { KioskPublicInfo } from '../../src-shared/schemas/kiosk-config.js';
import type { Language } from '../../src-shared/schemas/localized-text.js';

/**
 * The kiosk as it runs: the provisioning file's settings with the remote ones laid over (issue 17,
 * ../sync/remote-settings.ts). Only what the kiosk accepted reaches here, so the languages are its
 * own. Kept free of the database so the first screen's chunk can use it.
 */
export function overlaySettings(base: KioskPublicInfo, settings: KioskSettings | null): KioskPublicInfo {
  if (settings === null) return base;
  const presentation = settings.mode ?? base.presentation;
  return {
    ...base,
    ...(settings.languages ? { languages: settings.languages as Language[] } : {}),
    ...(settings.defaultLanguage ? { defaultLanguage: settings.defaultLanguage as Language } : {}),
    ...(settings.idle ? { idle: { ...base.idle, ...settings.idle } } : {}),
    presentation,
    // Assisted mode is for a kiosk at the Citizens' Chamber, never a library screen.
    assistedMode: base.assistedMode && presentation === 'kiosk',
  };
}
