import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

describe('electron packaging', () => {
  it('package.json main is the bundled Electron main process, and the builder packs the built app', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/main/main.cjs');
    const yml = readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
    for (const needed of ['dist/main/**', 'dist/renderer/**', 'package.json']) expect(yml).toContain(`- ${needed}`);
    const vite = readFileSync(path.join(ROOT, 'vite.electron.config.ts'), 'utf8');
    expect(vite).toContain("outDir: 'dist/main'");
    expect(vite).toContain("entryFileNames: '[name].cjs'");
  });
});
