import { z } from 'zod';
import { kioskSettingsSchema } from '../schemas/kiosk-settings.js';

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

const alertSchema = z.object({ kind: z.string(), detail: z.string() });

export const fleetRowSchema = z.object({
  kioskCode: z.string(),
  name: z.string(),
  aimagCode: z.string().nullable(),
  soumCode: z.string().nullable(),
  state: z.enum(FLEET_STATES),
  lastReportAt: z.string().nullable(),
  outboxDepth: z.number().nullable(),
  printer: z.string().nullable(),
  alerts: z.array(alertSchema),
  openEvents: z.number(),
  settingsVersion: z.number().nullable(),
  /** The app version of its latest report, and its update's state and version (issue 18); null: not reported. */
  appVersion: z.string().nullable().default(null),
  updateState: z.string().nullable().default(null),
  updateVersion: z.string().nullable().default(null),
});
export type FleetRowView = z.infer<typeof fleetRowSchema>;
export const fleetPageSchema = z.object({ rows: z.array(fleetRowSchema) });
export type FleetPage = z.infer<typeof fleetPageSchema>;

export const healthHourSchema = z.object({
  hour: z.string(),
  reports: z.number(),
  maxOutboxDepth: z.number(),
  worstPrinter: z.string(),
  maxDriftMs: z.number(),
  minFreeBytes: z.number().nullable(),
});
export type HealthHour = z.infer<typeof healthHourSchema>;

export const settingsVersionViewSchema = z.object({
  version: z.number(),
  scope: z.string(),
  settings: kioskSettingsSchema,
  createdAt: z.string(),
  createdBy: z.string(),
  rollbackOf: z.number().nullable(),
});
export type SettingsVersionView = z.infer<typeof settingsVersionViewSchema>;

export const kioskFleetDetailSchema = z.object({
  kioskCode: z.string(),
  /** The last 48 hours with reports, newest first. */
  hours: z.array(healthHourSchema),
  openEvents: z.array(z.object({ at: z.string(), kind: z.string(), details: z.string() })),
  settings: z.object({
    /** What the kiosk should run: its scopes' newest versions merged (`from`), numbered by the highest. */
    current: z.object({ version: z.number(), settings: kioskSettingsSchema, from: z.array(z.number()) }).nullable(),
    /** The version its latest report says it runs. */
    acknowledged: z.number().nullable(),
    /** The latest refusal it reported. */
    refused: z.object({ at: z.string(), details: z.string() }).nullable(),
    history: z.array(settingsVersionViewSchema),
  }),
});
export type KioskFleetDetail = z.infer<typeof kioskFleetDetailSchema>;

export const setSettingsRequestSchema = z.strictObject({ settings: z.unknown() });
export const rollbackSettingsRequestSchema = z.strictObject({ to: z.int().min(1) });
