import { startKiosk, type StartedKiosk } from '../core/start-kiosk.js';
import * as screens from '../features/screens.js';

/** The started kiosk and the screens that need it: one lazy chunk, loaded after the first screen. */
export interface LoadedKiosk extends StartedKiosk {
  screens: typeof screens;
}

export async function loadKiosk(): Promise<LoadedKiosk> {
  return { ...(await startKiosk()), screens };
}
