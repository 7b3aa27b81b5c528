/** The kiosk's screens. A tiny explicit stack instead of URLs: there is no address bar to type in. */
export type Screen =
  | { name: 'services' }
  | { name: 'service'; serviceId: string }
  | { name: 'form'; serviceId: string }
  | { name: 'receipt'; trackingNo: string }
  | { name: 'track' }
  | { name: 'technician-pin' }
  | { name: 'technician' };

export interface Navigation {
  screen: Screen;
  go(screen: Screen): void;
  back(): void;
  home(): void;
  canGoBack: boolean;
}
