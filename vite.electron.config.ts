import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

/**
 * Bundles the thin Electron layer: the main process and the sandboxed preload (which cannot
 * `require` npm modules, so everything it uses from the contract is bundled in). CommonJS,
 * because Electron's sandboxed preloads do not load ES modules.
 */
export default defineConfig({
  build: {
    ssr: true,
    outDir: 'dist/main',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: {
      input: { main: 'src-main/electron/main.ts', preload: 'src-main/electron/preload.ts' },
      external: ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: { format: 'cjs', entryFileNames: '[name].cjs' },
    },
  },
  ssr: { noExternal: true },
});
