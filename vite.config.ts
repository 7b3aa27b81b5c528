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
    // The first screen is its own chunk; the rest of the kiosk loads right after it paints.
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      output: {
        // Separate files for React and i18next: Chromium fetches and compiles them in parallel.
        manualChunks: (id: string) =>
          /node_modules\/(react|react-dom|scheduler)\//.test(id)
            ? 'react'
            : /node_modules\/(i18next|react-i18next)\//.test(id)
              ? 'i18n'
              : undefined,
      },
    },
  },
});
