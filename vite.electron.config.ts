import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

/**
 * Bundles the thin Electron layer, one entry per build (`--mode main` or `--mode preload`):
 * a sandboxed preload cannot `require` other files, so it must be a single self-contained
 * CommonJS file, sharing no chunk with the main process.
 */
export default defineConfig(({ mode }) => {
  const entry = mode === 'preload' ? 'preload' : 'main';
  return {
    build: {
      ssr: true,
      outDir: 'dist/main',
      emptyOutDir: entry === 'main',
      target: 'node20',
      minify: false,
      rollupOptions: {
        input: { [entry]: `src-main/electron/${entry}.ts` },
        external: ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
    ssr: { noExternal: true },
  };
});
