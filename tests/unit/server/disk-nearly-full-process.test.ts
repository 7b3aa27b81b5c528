import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, statfs, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, startServerChild } from '../../support/server-process.js';
import { authHeaders, makePetition } from './helpers.js';
import { PROCESS_SUITE } from './process.js';

/** A real small filesystem under the server's data folder: a tmpfs (needs root on Linux). */
const mountable = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    const probe = execFileSync('mktemp', ['-d']).toString().trim();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', probe]);
    execFileSync('umount', [probe]);
    execFileSync('rmdir', [probe]);
    return true;
  } catch {
    return false;
  }
})();

async function push(url: string, items: unknown[]) {
  const res = await fetch(`${url}/api/v1/submissions/batch`, {
    method: 'POST',
    headers: { ...authHeaders(), 'content-type': 'application/json' },
    body: JSON.stringify({ items }),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
    retryAfter: res.headers.get('retry-after'),
  };
}

describe('the server on a small data disk', PROCESS_SUITE, () => {
  it.skipIf(!mountable || process.env.TSONKH_TEST_DATABASE === 'postgres')(
    'refuses pushes with 507 once its 24 MB disk is nearly full, keeps what it acknowledged, and takes them when there is room',
    async () => {
      const disk = await mkdtemp(path.join(os.tmpdir(), 'tsonkh-server-disk-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', disk]);
      const server = await startServerChild({
        port: await freePort(),
        dataDir: path.join(disk, 'data'),
        env: { TSONKH_MIN_FREE_MB: '4' },
        runner: 'tsx',
      });
      try {
        const first = await makePetition(1);
        expect((await push(server.url, [first])).status).toBe(200);
        // Something else fills the disk to within 2 MB of its end.
        const s = await statfs(disk);
        await writeFile(path.join(disk, 'filler'), Buffer.alloc(Number(s.bavail) * Number(s.bsize) - 2 * 1024 * 1024));
        // The guard trusts one look for 2 s.
        await new Promise((resolve) => setTimeout(resolve, 2100));
        const second = await makePetition(2);
        const refused = await push(server.url, [second]);
        expect(refused.status).toBe(507);
        expect(refused.body).toEqual({
          error: { code: 'disk_nearly_full', message: expect.stringMatching(/nearly full/) },
        });
        expect(Number(refused.retryAfter)).toBeGreaterThan(0);
        // The server keeps running and knows the acknowledged one.
        const track = await fetch(`${server.url}/api/v1/track/${first.trackingNo}`);
        expect(track.status).toBe(200);
        await rm(path.join(disk, 'filler'));
        await new Promise((resolve) => setTimeout(resolve, 2100));
        const later = await push(server.url, [first, second]);
        expect(later.status).toBe(200);
        const known = await fetch(`${server.url}/api/v1/track/${second.trackingNo}`);
        expect(known.status).toBe(200);
      } finally {
        await server.stop();
        execFileSync('umount', [disk]);
        await rm(disk, { recursive: true, force: true });
      }
    },
  );
});
