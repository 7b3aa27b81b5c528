import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { persistentToken } from '../../../src-main/bridge/http-bridge.js';

describe('the browser-mode session token kept across host restarts', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tsonkh-token-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is made once (256 bits, owner-only file) and read back by the next launch', () => {
    const file = path.join(dir, 'state', 'bridge-token');
    const first = persistentToken(file);
    expect(Buffer.from(first, 'base64url')).toHaveLength(32);
    expect(persistentToken(file)).toBe(first);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('replaces a damaged file with a fresh token', () => {
    const file = path.join(dir, 'bridge-token');
    writeFileSync(file, 'short');
    const token = persistentToken(file);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(readFileSync(file, 'utf8')).toBe(token);
  });
});
