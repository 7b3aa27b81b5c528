import 'fake-indexeddb/auto';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeMethod, BridgeRequest, BridgeResponse } from '../../../src-shared/bridge-contract.js';
import { canonicalJson } from '../../../src-shared/canonical-json.js';
import { healthReportDraftSchema, type HealthReportDraft } from '../../../src-shared/schemas/health-report.js';
import type { KioskPublicInfo } from '../../../src-shared/schemas/kiosk-config.js';
import type { KioskSettings, SettingsPayload, SignedSettings } from '../../../src-shared/schemas/kiosk-settings.js';
import { overlaySettings } from '../../../src-renderer/app/settings-overlay.js';
import { openDatabase, type TsonkhDb } from '../../../src-renderer/data/db.js';
import { BridgeCallError, type BridgeClient } from '../../../src-renderer/platform/bridge-client.js';
import { HealthReporter } from '../../../src-renderer/sync/health-reporter.js';
import { RemoteSettings } from '../../../src-renderer/sync/remote-settings.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const RAW = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
const PINNED = RAW.toString('base64');
const KEY_ID = createHash('sha256').update(RAW).digest('hex').slice(0, 16);
const stranger = generateKeyPairSync('ed25519').privateKey;

function signed(version: number, settings: KioskSettings, over: Partial<SettingsPayload> = {}, key = privateKey) {
  const payload: SettingsPayload = {
    kioskCode: '0421',
    version,
    settings,
    signedAt: '2026-12-03T02:00:00.000Z',
    ...over,
  };
  const signature = sign(null, Buffer.from(canonicalJson(payload), 'utf8'), key).toString('base64');
  return { payload, signature, keyId: KEY_ID } satisfies SignedSettings;
}

const BASE: KioskPublicInfo = {
  kioskCode: '0421',
  name: { mn: 'Өлгий' },
  place: { aimag: '83', soum: '8301', location: { mn: 'Өлгий' } },
  languages: ['mn', 'kk', 'en'],
  defaultLanguage: 'mn',
  syncIntervalSeconds: 30,
  contentPublicKey: PINNED,
  submissionPublicKey: 'x',
  testHooks: false,
  mode: 'browser',
  idle: { timeoutSeconds: 90, warningSeconds: 30, maxExtensions: 10 },
  publicSite: 'https://tsonkh.gov.mn',
  presentation: 'kiosk',
  assistedMode: true,
};

/** A host whose printer takes 32 or 48, and whose server answers reports with `deliver`. */
class FakeHost implements BridgeClient {
  deliver: SignedSettings | undefined;
  reports: HealthReportDraft[] = [];
  printer = { width: 48, text: 'raster' as 'raster' | 'kz1048' };
  async call<M extends BridgeMethod>(method: M, request: BridgeRequest<M>): Promise<BridgeResponse<M>> {
    const reply = (v: unknown) => v as BridgeResponse<M>;
    if (method === 'printer.status') return reply({ state: 'ready' });
    if (method === 'printer.configure') {
      const change = request as BridgeRequest<'printer.configure'>;
      if (change.width !== undefined && change.width !== 32 && change.width !== 48) {
        throw new BridgeCallError('printer_error', `printer width ${change.width} is not supported`);
      }
      this.printer = { width: change.width ?? this.printer.width, text: change.text ?? this.printer.text };
      return reply(this.printer);
    }
    if (method === 'health.report') {
      const draft = healthReportDraftSchema.parse(request);
      this.reports.push(draft);
      return reply({ receivedAt: draft.kioskTime, driftMs: 0, eventsStored: 0, settings: this.deliver });
    }
    throw new Error(`unexpected ${method}`);
  }
}

let db: TsonkhDb;
let n = 0;
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('remote settings on the kiosk', () => {
  it('applies a signed, newer version it can do, acknowledges it, and keeps it across a restart', async () => {
    db = openDatabase(`settings-${++n}`);
    const host = new FakeHost();
    const settings = new RemoteSettings(db, host, BASE, PINNED);
    const reporter = new HealthReporter(db, host, { settings });

    host.deliver = signed(7, {
      defaultLanguage: 'kk',
      idle: { timeoutSeconds: 120, warningSeconds: 40 },
      printer: { width: 32 },
    });
    expect(await reporter.reportNow()).toBe(true);
    expect(host.reports[0]!.settingsVersion).toBeNull();
    expect(settings.version).toBe(7);
    expect(host.printer.width).toBe(32);
    const effective = overlaySettings(BASE, settings.settings);
    expect(effective).toMatchObject({
      defaultLanguage: 'kk',
      idle: { timeoutSeconds: 120, warningSeconds: 40, maxExtensions: 10 },
    });

    // The next report acknowledges it; the same version again is nothing new.
    host.deliver = undefined;
    await reporter.reportNow();
    expect(host.reports[1]!.settingsVersion).toBe(7);
    expect(await settings.receive(signed(7, { defaultLanguage: 'en' }))).toEqual({ outcome: 'ignored', version: 7 });
    // An older version replayed is not taken either.
    expect(await settings.receive(signed(5, { defaultLanguage: 'en' }))).toEqual({ outcome: 'ignored', version: 5 });

    // After a restart the stored version runs, and the host is given its printer part again.
    const host2 = new FakeHost();
    const again = new RemoteSettings(db, host2, BASE, PINNED);
    await again.load();
    expect(again.version).toBe(7);
    expect(host2.printer.width).toBe(32);
  });

  it('refuses what it cannot do with the reason, keeps the old version, and reports the refusal once', async () => {
    db = openDatabase(`settings-${++n}`);
    const host = new FakeHost();
    const settings = new RemoteSettings(db, host, BASE, PINNED);
    const reporter = new HealthReporter(db, host, { settings });
    expect((await settings.receive(signed(3, { defaultLanguage: 'kk' }))).outcome).toBe('applied');

    const cases: Array<[SignedSettings, RegExp]> = [
      [signed(4, { languages: ['mn', 'ru'] }), /languages not on this kiosk: ru/],
      [signed(5, { printer: { width: 40 } }), /printer width 40 is not supported/],
      [signed(6, { idle: { timeoutSeconds: 5, warningSeconds: 30 } }), /idle timeout 5 s is outside 15–3600 s/],
      [signed(7, { languages: ['mn', 'en'] }), /default language kk would no longer be offered/],
      [signed(8, { defaultLanguage: 'en' }, {}, stranger), /not signed by a pinned content key/],
      [signed(9, { defaultLanguage: 'en' }, { kioskCode: '6501' }), /meant for kiosk 6501/],
      [signed(10, { openDataAimags: ['46', '99'] }), /no such aimag: 99/],
    ];
    for (const [delivery, reason] of cases) {
      const outcome = await settings.receive(delivery);
      expect(outcome).toMatchObject({ outcome: 'refused', version: delivery.payload.version });
      expect(outcome.outcome === 'refused' && outcome.reason).toMatch(reason);
      expect(settings.version).toBe(3);
      expect(settings.settings).toEqual({ defaultLanguage: 'kk' });
    }
    expect(host.printer.width).toBe(48);
    // Delivered again with the next answer: not reported twice.
    expect((await settings.receive(cases[6]![0])).outcome).toBe('ignored');

    await reporter.reportNow();
    const report = host.reports[0]!;
    expect(report.settingsVersion).toBe(3);
    const refusals = report.events.filter((e) => e.kind === 'settings_refused').map((e) => e.details);
    expect(refusals).toHaveLength(7);
    expect(refusals[0]).toBe('v4: languages not on this kiosk: ru; the default language kk would no longer be offered');
  });

  it('lays the settings over the provisioning file: a library screen has no assisted mode', () => {
    expect(overlaySettings(BASE, null)).toBe(BASE);
    expect(overlaySettings(BASE, { mode: 'library', languages: ['mn', 'kk'] })).toMatchObject({
      presentation: 'library',
      assistedMode: false,
      languages: ['mn', 'kk'],
      defaultLanguage: 'mn',
    });
  });
});
