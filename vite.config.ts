import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Puts the first screen's stylesheet inside index.html: a linked stylesheet blocks the entry
 * script until it has loaded, and the first screen should not wait for a second request.
 * (The CSP allows inline styles; scripts stay external.)
 */
function inlineEntryCss(): Plugin {
  return {
    name: 'tsonkh:inline-entry-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        return html.replace(/<link rel="stylesheet"[^>]*href="\/([^"]+\.css)"[^>]*>/g, (tag, file: string) => {
          const asset = ctx.bundle?.[file];
          if (!asset || asset.type !== 'asset') return tag;
          delete ctx.bundle![file];
          return `<style>${String(asset.source)}</style>`;
        });
      },
    },
  };
}

/** The kiosk renderer. Built once and served by the host (app:// in Electron, loopback HTTP in browser mode). */
export default defineConfig({
  root: 'src-renderer',
  base: '/',
  plugins: [react(), inlineEntryCss()],
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
