import http from 'node:http';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS } from '../../../playwright.config.js';
import { readStaticFile } from './static.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

/** Builds a bench page (`tests/bench/<pageDir>`) into `dist/bench/<outName>`; returns that folder. */
export async function buildBenchPage(
  pageDir: string,
  outName: string,
  opts: { react?: boolean } = {},
): Promise<string> {
  const outDir = path.join(REPO_ROOT, 'dist/bench', outName);
  await build({
    root: path.join(REPO_ROOT, 'tests/bench', pageDir),
    logLevel: 'error',
    plugins: opts.react ? [react()] : [],
    build: { outDir, emptyOutDir: true, target: 'chrome120' },
  });
  return outDir;
}

/** Serves a built folder on 127.0.0.1 (a free port); `headers` go on every response. */
export async function serveFolder(
  root: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<{ url: string; close(): void }> {
  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    void readStaticFile(root, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/index.html`, close: () => server.close() };
}

/** Debian's Chromium (or TSONKH_CHROMIUM), with the project's flags. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.TSONKH_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}
