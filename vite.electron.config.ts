import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

/**
 * Bundles the thin Electron layer, one entry per build (`--mode main`, `--mode kiosk-main` or
 * `--mode preload`): a sandboxed preload cannot `require` other files, so it must be a single
 * self-contained CommonJS file, sharing no chunk with the main process. `main.cjs` is the release
 * loader (the archive's entry) and `kiosk-main.cjs` the kiosk it runs; each is whole by itself, so
 * a release's `main/kiosk-main.cjs` needs nothing from the archive. `--mode host` bundles the browser-mode
 * host and its session supervisor as ES modules (`dist/host/browser-mode.mjs`,
 * `kiosk-session.mjs`, and the release launcher `kiosk-launcher.mjs`; the host awaits at top level): a kiosk machine runs them with plain `node`,
 * without the sources, node_modules or tsx (kiosk-config/linux/).
 */
export default defineConfig(({ mode }) => {
  const host = mode === 'host';
  const entry = mode === 'preload' || mode === 'kiosk-main' ? mode : 'main';
  return {
    build: {
      ssr: true,
      outDir: host ? 'dist/host' : 'dist/main',
      emptyOutDir: entry === 'main',
      target: 'node20',
      minify: false,
      rollupOptions: {
        input: host
          ? {
              'browser-mode': 'src-main/browser-mode.ts',
              'kiosk-session': 'src-main/session/kiosk-session.ts',
              'kiosk-launcher': 'src-main/update/launcher-main.ts',
            }
          : { [entry]: `src-main/electron/${entry}.ts` },
        external: ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
        output: host ? { format: 'es', entryFileNames: '[name].mjs' } : { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
    ssr: { noExternal: true },
  };
});
