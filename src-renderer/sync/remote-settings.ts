import {
  IDLE_TIMEOUT_RANGE,
  IDLE_WARNING_RANGE,
  PRINTER_WIDTHS,
  SETTINGS_REFUSED_EVENT,
  settingsRefusal,
  signedSettingsSchema,
  type KioskSettings,
} from '../../src-shared/schemas/kiosk-settings.js';
import type { KioskPublicInfo } from '../../src-shared/schemas/kiosk-config.js';
import { LANGUAGES } from '../../src-shared/schemas/localized-text.js';
import { overlaySettings } from '../app/settings-overlay.js';
import type { TsonkhDb } from '../data/db.js';
import { recordHealthEvent } from '../data/health-repo.js';
import { readRemoteSettings, writeRemoteSettings, type AppliedSettings } from '../data/settings-repo.js';
import { emitAppEvent } from '../platform/app-events.js';
import type { BridgeClient } from '../platform/bridge-client.js';
import { verifySignedJson, type PinnedContentKeys } from './verify-page.js';

/** The text sizes a visitor can choose (kiosk-context.ts `TEXT_SCALES`; kept here so sync needs no React module). */
export const SETTINGS_TEXT_SCALES = [100, 125, 150, 200] as const;

export type SettingsOutcome =
  | { outcome: 'applied'; version: number }
  | { outcome: 'refused'; version: number; reason: string }
  /** Not newer than what runs, or refused before: nothing done, nothing reported again. */
  | { outcome: 'ignored'; version: number };

/**
 * The kiosk's side of remote settings (issue 17; src-shared/schemas/kiosk-settings.ts). A signed
 * version arrives in the answer to a health report; it is applied only when a pinned content key
 * signed it, it names this kiosk, it is newer than the version running, and the kiosk can do every
 * part of it (languages it has words for, a roll width its printer takes, limits the idle guard
 * keeps). Otherwise it is refused whole: the old settings stay, and the refusal with its reason
 * goes to the centre as a health event. The version running is kept in the database, named in
 * each report (its acknowledgement), and laid over the provisioning file's settings on start.
 */
export class RemoteSettings {
  private applied: AppliedSettings | null = null;
  private readonly listeners = new Set<() => void>();
  private loaded: Promise<void> | null = null;

  constructor(
    private readonly db: TsonkhDb,
    private readonly bridge: BridgeClient,
    /** The kiosk as its provisioning file says (before any remote settings). */
    private readonly base: KioskPublicInfo,
    private readonly pinned: PinnedContentKeys,
  ) {}

  /** Reads the stored version and gives the host its printer part again (the host forgets on restart). */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      this.applied = (await readRemoteSettings(this.db)).applied;
      const printer = this.applied?.settings.printer;
      if (printer) await this.bridge.call('printer.configure', printer).catch(() => undefined);
      if (this.applied) this.notify();
    })();
    return this.loaded;
  }

  /** The version running; null: none (the provisioning file's settings only). */
  get version(): number | null {
    return this.applied?.version ?? null;
  }

  get settings(): KioskSettings | null {
    return this.applied?.settings ?? null;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** Handles a delivery from the server (anything: it is checked here). */
  async receive(delivery: unknown, now: Date = new Date()): Promise<SettingsOutcome> {
    await this.load();
    const parsed = signedSettingsSchema.safeParse(delivery);
    if (!parsed.success) return this.refuse(0, 'the settings could not be read', now);
    const { payload, signature, keyId } = parsed.data;
    const stored = await readRemoteSettings(this.db);
    if (stored.applied !== null && payload.version <= stored.applied.version) {
      return { outcome: 'ignored', version: payload.version };
    }
    if (stored.refused?.version === payload.version) return { outcome: 'ignored', version: payload.version };
    if (!(await verifySignedJson(payload, signature, keyId, this.pinned))) {
      return this.refuse(payload.version, 'not signed by a pinned content key', now);
    }
    if (payload.kioskCode !== this.base.kioskCode) {
      return this.refuse(payload.version, `meant for kiosk ${payload.kioskCode}`, now);
    }
    const current = overlaySettings(this.base, stored.applied?.settings ?? null);
    const reason = settingsRefusal(payload.settings, {
      languages: LANGUAGES,
      printerWidths: PRINTER_WIDTHS,
      idleTimeout: IDLE_TIMEOUT_RANGE,
      idleWarning: IDLE_WARNING_RANGE,
      textScales: SETTINGS_TEXT_SCALES,
      currentLanguages: current.languages,
      currentDefault: current.defaultLanguage,
    });
    if (reason !== null) return this.refuse(payload.version, reason, now);
    if (payload.settings.printer) {
      try {
        await this.bridge.call('printer.configure', payload.settings.printer);
      } catch (error) {
        return this.refuse(
          payload.version,
          `printer: ${error instanceof Error ? error.message : 'the printer did not take the settings'}`,
          now,
        );
      }
    }
    this.applied = { version: payload.version, settings: payload.settings, appliedAt: now.toISOString() };
    await writeRemoteSettings(this.db, { applied: this.applied, refused: null });
    emitAppEvent('settings-applied', { version: payload.version });
    this.notify();
    return { outcome: 'applied', version: payload.version };
  }

  private async refuse(version: number, reason: string, now: Date): Promise<SettingsOutcome> {
    const stored = await readRemoteSettings(this.db);
    await writeRemoteSettings(this.db, { applied: stored.applied, refused: { version, reason } });
    await recordHealthEvent(this.db, SETTINGS_REFUSED_EVENT, `v${version}: ${reason}`, now);
    emitAppEvent('settings-refused', { version, reason });
    return { outcome: 'refused', version, reason };
  }
}
