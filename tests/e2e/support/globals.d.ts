export {};

declare global {
  interface Window {
    __tsonkh?: { events: { name: string; at: number; detail?: Record<string, string | number | boolean> }[] };
  }
}
