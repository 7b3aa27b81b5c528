import { z } from 'zod';
import type { KioskSettings } from '../schemas/kiosk-settings.js';

/**
 * The console's fleet API (issue 17), shared by the server (src-server/routes/console-fleet.ts)
 * and the console's Kiosks page. Every route is in src-server/console/policy.ts.
 * - `GET  /console/api/fleet?aimag=` → `FleetPage`: every kiosk's state and open alerts
 * - `GET  /console/api/fleet/:code` → `KioskFleetDetail`: hourly health history, open events,
 *   remote settings (current, acknowledged, refused, history)
 * - `POST /console/api/fleet/:code/settings` `{ settings }` (administrator) → the new version
 * - `POST /console/api/fleet/:code/settings/rollback` `{ to }` (administrator) → the new version
 */

export const FLEET_STATES = ['online', 'late', 'offline', 'never'] as const;
export type ConsoleFleetState = (typeof FLEET_STATES)[number];

export interface FleetAlert {
  kind: string;
  detail: string;
}

export interface FleetRowView {
  kioskCode: string;
  name: string;
  aimagCode: string | null;
  soumCode: string | null;
  state: ConsoleFleetState;
  lastReportAt: string | null;
  outboxDepth: number | null;
  printer: string | null;
  alerts: FleetAlert[];
  openEvents: number;
  settingsVersion: number | null;
}

export interface FleetPage {
  rows: FleetRowView[];
}

export interface HealthHour {
  hour: string;
  reports: number;
  maxOutboxDepth: number;
  worstPrinter: string;
  maxDriftMs: number;
  minFreeBytes: number | null;
}

export interface SettingsVersionView {
  version: number;
  scope: string;
  settings: KioskSettings;
  createdAt: string;
  createdBy: string;
  rollbackOf: number | null;
}

export interface KioskFleetDetail {
  kioskCode: string;
  /** The last 48 hours with reports, newest first. */
  hours: HealthHour[];
  openEvents: { at: string; kind: string; details: string }[];
  settings: {
    /** What the kiosk should run: its scopes' newest versions merged (`from`), numbered by the highest. */
    current: { version: number; settings: KioskSettings; from: number[] } | null;
    acknowledged: number | null;
    refused: { at: string; details: string } | null;
    history: SettingsVersionView[];
  };
}

export const setSettingsRequestSchema = z.strictObject({ settings: z.unknown() });
export const rollbackSettingsRequestSchema = z.strictObject({ to: z.int().min(1) });
