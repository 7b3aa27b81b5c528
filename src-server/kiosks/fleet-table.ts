import { AIMAGS } from '../../src-shared/rules/aimag-codes.js';
import type { PrinterState } from '../../src-shared/schemas/health-report.js';
import type { AlertKind, FleetRow, FleetState, KioskAlert } from './kiosk-health.js';

/** The fleet table's words: Mongolian first (the operator reads it), English after a slash. */
export const FLEET_HEADINGS = [
  'Код / Code',
  'Байршил / Place',
  'Төлөв / State',
  'Сүүлийн мэдээ / Last report',
  'Дараалал / Queue',
  'Хэвлэгч / Printer',
  'Анхааруулга / Alerts',
] as const;

const STATE_WORDS: Readonly<Record<FleetState, string>> = {
  online: 'холбоотой / online',
  late: 'хоцорсон / late',
  offline: 'холбоогүй / offline',
  never: 'мэдээ ирээгүй / never seen',
};

const PRINTER_WORDS: Readonly<Record<PrinterState, string>> = {
  ok: 'хэвийн / ok',
  paper_near_end: 'цаас дуусах дөхсөн / paper near end',
  paper_out: 'цаас дууссан / paper out',
  cover_open: 'таг нээлттэй / cover open',
  offline: 'ажиллахгүй / offline',
  unknown: 'тодорхойгүй / unknown',
};

const ALERT_WORDS: Readonly<Record<AlertKind, string>> = {
  offline: 'холбоогүй',
  printer: 'хэвлэгч',
  queue_old: 'илгээгээгүй хоног давсан',
  disk_full: 'диск дүүрэх дөхсөн',
  clock_drift: 'цаг зөрсөн',
  content_stale: 'мэдээлэл хуучирсан',
  sync_failed: 'синк амжилтгүй',
  offline_open: 'ажлын цагт холбоогүй',
};

/** "5 мин", "3 цаг", "2 өдөр": how long ago, in whole units. */
export function ageWords(fromIso: string | null, now: Date): string {
  if (fromIso === null) return '—';
  const s = Math.max(0, Math.floor((now.getTime() - Date.parse(fromIso)) / 1000));
  if (s < 60) return `${s} сек`;
  if (s < 3600) return `${Math.floor(s / 60)} мин`;
  if (s < 86_400) return `${Math.floor(s / 3600)} цаг`;
  return `${Math.floor(s / 86_400)} өдөр`;
}

function alertWords(alert: KioskAlert): string {
  const detail = alert.kind === 'printer' ? PRINTER_WORDS[alert.detail as PrinterState]?.split(' / ')[0] : alert.detail;
  return detail ? `${ALERT_WORDS[alert.kind]} (${detail})` : ALERT_WORDS[alert.kind];
}

function place(row: FleetRow): string {
  const aimag = row.aimagCode === null ? null : (AIMAGS[row.aimagCode]?.mn ?? row.aimagCode);
  return [row.name, aimag].filter((p): p is string => p !== null && p !== '').join(', ') || '—';
}

/** Display width: every character of these words takes one column (Cyrillic too). */
const width = (text: string) => [...text].length;
const pad = (text: string, n: number) => text + ' '.repeat(Math.max(0, n - width(text)));

/**
 * The fleet as plain text: one line per kiosk under the headings, columns padded with spaces,
 * then a count per state. `rows` come from `listFleet`.
 */
export function formatFleetTable(rows: readonly FleetRow[], now: Date): string {
  const cells = rows.map((r) => [
    r.kioskCode,
    place(r),
    STATE_WORDS[r.state],
    ageWords(r.lastReportAt, now),
    r.outboxDepth === null ? '—' : String(r.outboxDepth),
    r.printer === null ? '—' : PRINTER_WORDS[r.printer],
    r.alerts.length === 0 ? '—' : r.alerts.map(alertWords).join('; '),
  ]);
  const widths = FLEET_HEADINGS.map((h, i) => Math.max(width(h), ...cells.map((c) => width(c[i]!))));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : pad(v, widths[i]!)))
      .join('  ')
      .trimEnd();
  const counts = (['online', 'late', 'offline', 'never'] as const)
    .map((s) => `${STATE_WORDS[s].split(' / ')[0]}: ${rows.filter((r) => r.state === s).length}`)
    .join(', ');
  const withAlerts = rows.filter((r) => r.alerts.length > 0).length;
  return [
    line(FLEET_HEADINGS),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
    '',
    `Нийт ${rows.length} машин / kiosks — ${counts}; анхааруулгатай / with alerts: ${withAlerts}`,
  ].join('\n');
}
