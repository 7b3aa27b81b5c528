import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The operator console (src-console): a web app of its own, built with the kiosk by `npm run
 * build` and served by the central server under `/console/` (src-server/http/console-app.ts).
 * Everything it needs, fonts and the chart library included, is bundled: no CDN.
 */
export default defineConfig({
  root: 'src-console',
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: '../dist/console',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
});
