import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The kiosk renderer. Built once and served by the host (app:// in Electron, loopback HTTP in browser mode). */
export default defineConfig({
  root: 'src-renderer',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    // One bundle is intended for now: the kiosk loads from local disk, not a network.
    chunkSizeWarningLimit: 1024,
  },
});
