import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { UI_WORKER_FILE, writePrecacheManifest } from './scripts/precache-manifest.js';

const RENDERER_DIR = path.resolve('dist/renderer');

/** After the worker is bundled: the renderer build's file list and hashes into it. */
function precacheManifest(): Plugin {
  return {
    name: 'tsonkh:precache-manifest',
    apply: 'build',
    async closeBundle() {
      await writePrecacheManifest(RENDERER_DIR);
    },
  };
}

/**
 * The kiosk UI's service worker (browser mode), bundled on its own after the renderer (`npm run
 * build`), into dist/renderer/sw.js: one classic script at the site root, importing nothing.
 */
export default defineConfig({
  publicDir: false,
  plugins: [precacheManifest()],
  build: {
    outDir: RENDERER_DIR,
    emptyOutDir: false,
    target: 'chrome120',
    sourcemap: false,
    lib: {
      entry: path.resolve('src-renderer/ui-update/service-worker.ts'),
      formats: ['iife'],
      name: 'tsonkhUiWorker',
      fileName: () => UI_WORKER_FILE,
    },
  },
});
