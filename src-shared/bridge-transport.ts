/**
 * How the renderer reaches the host, without the contract's schemas: the kiosk's first screen
 * loads this alone (no zod), so the attract screen can show before the rest of the app parses.
 */

/** Electron IPC channel for the single bridge entry point. */
export const BRIDGE_IPC_CHANNEL = 'tsonkh:bridge';
/** Browser mode: HTTP path prefix and session-token header. */
export const BRIDGE_HTTP_PREFIX = '/bridge/';
export const BRIDGE_TOKEN_HEADER = 'x-tsonkh-session';
export const BRIDGE_TOKEN_META = 'tsonkh-session';
/** Browser mode: the kiosk's public facts (`kiosk.info`), as JSON in a meta tag of index.html. */
export const KIOSK_INFO_META = 'tsonkh-kiosk-info';
