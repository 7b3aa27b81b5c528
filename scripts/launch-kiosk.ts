import { spawn } from 'node:child_process';
import path from 'node:path';
import { startBrowserModeKiosk } from '../src-main/browser-mode.js';
import { electronBinary } from './electron-binary.js';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * Starts the kiosk the best way this machine allows: Electron when its binary exists,
 * otherwise one line saying so and the same kiosk in browser mode, with its URL.
 */
export async function launchKiosk(): Promise<{ close(): Promise<void> }> {
  const configPath = process.env.TSONKH_KIOSK_CONFIG ?? path.join(ROOT, 'kiosk-config/example.json');
  const electron = electronBinary();
  if (electron.path !== null) {
    const child = spawn(electron.path, [path.join(ROOT, 'dist/main/main.cjs')], {
      stdio: 'inherit',
      env: { ...process.env, TSONKH_KIOSK_CONFIG: configPath },
    });
    console.log('Kiosk: Electron window started.');
    return {
      close: async () => {
        if (child.exitCode === null) child.kill('SIGTERM');
      },
    };
  }
  console.log(`Electron is not available: ${electron.reason}; serving the kiosk in browser mode.`);
  const kiosk = await startBrowserModeKiosk({
    configPath,
    port: Number(process.env.TSONKH_KIOSK_PORT ?? 5180),
    staticDir: process.env.TSONKH_RENDERER_DIR ?? path.join(ROOT, 'dist/renderer'),
  });
  console.log(`Kiosk (browser mode): ${kiosk.url}`);
  return kiosk;
}
