import type { ReceiptSubject } from '../core/receipt-subject.js';

export type { ReceiptSubject };

/** The kiosk's screens. A tiny explicit stack instead of URLs: there is no address bar to type in. */
export type Screen =
  | { name: 'home' }
  | { name: 'services'; categoryId?: string }
  | { name: 'service'; serviceId: string }
  | { name: 'form'; serviceId: string }
  | { name: 'petition' }
  | { name: 'laws' }
  | { name: 'law'; lawId: string; article?: number }
  | { name: 'law-changes'; lawId: string }
  | { name: 'law-comment'; lawId: string; articleNumber: number | null }
  /** `secret`: the receipt's secret, shown once here (in memory only) so it can be written down. */
  | { name: 'receipt'; trackingNo: string; dueDate?: string; secret?: string; subject?: ReceiptSubject }
  /** Public hearings of the kiosk's aimag (issue 19), and the sign-up for one of them. */
  | { name: 'hearings' }
  | { name: 'hearing-signup'; hearingId: string }
  | { name: 'track' }
  | { name: 'help' }
  | { name: 'petition-report' }
  | { name: 'assisted-pin' }
  | { name: 'technician-pin' }
  | { name: 'technician' }
  /** «Ил тод мэдээлэл» (issue 19): the hub, then one screen per section. */
  | { name: 'open-data' }
  | { name: 'open-data-budget' }
  | { name: 'open-data-contracts' }
  | { name: 'open-data-contract'; contractId: string }
  | { name: 'open-data-declarations' }
  /** Issue 19, the transparency window: licences near us on a map, crime in our aimag. */
  | { name: 'licence-map' }
  | { name: 'crime-map' };

export interface Navigation {
  screen: Screen;
  go(screen: Screen): void;
  /** Replaces the current screen (e.g. jumping to another article without growing the stack). */
  replace(screen: Screen): void;
  back(): void;
  home(): void;
  canGoBack: boolean;
}
