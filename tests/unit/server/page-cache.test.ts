import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SignedPageCache } from '../../../src-server/content/page-cache.js';

const json = (text: string) => Buffer.from(JSON.stringify({ text }));

describe('SignedPageCache', () => {
  it('builds a page once, even for simultaneous requests, and compresses each encoding once', async () => {
    const cache = new SignedPageCache();
    let builds = 0;
    const build = async () => {
      builds++;
      await new Promise((r) => setTimeout(r, 5));
      return json('Өргөдөл '.repeat(500));
    };
    const [a, b] = await Promise.all([cache.get('0/200/262144/24', build), cache.get('0/200/262144/24', build)]);
    expect(builds).toBe(1);
    expect(a).toBe(b);
    const br = await a.body('br');
    expect(await a.body('br')).toBe(br);
    expect(brotliDecompressSync(br).equals(a.json)).toBe(true);
    expect(gunzipSync(await a.body('gzip')).equals(a.json)).toBe(true);
    expect(await a.body('identity')).toBe(a.json);
  });

  it('evicts the least recently used page by count and by bytes', async () => {
    const cache = new SignedPageCache(2, 10_000);
    const builds: string[] = [];
    const get = (key: string, size = 100) =>
      cache.get(key, () => {
        builds.push(key);
        return Promise.resolve(Buffer.alloc(size));
      });
    await get('a');
    await get('b');
    await get('a'); // a is now the most recent
    await get('c'); // evicts b
    await get('a');
    await get('b');
    expect(builds).toEqual(['a', 'b', 'c', 'b']);
    await get('big', 9_950); // with it, more than 10 000 bytes: older pages go
    expect(cache.size).toBe(1);
  });

  it('does not keep a failed build', async () => {
    const cache = new SignedPageCache();
    await expect(cache.get('k', () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    const page = await cache.get('k', () => Promise.resolve(json('ok')));
    expect(page.json.toString()).toContain('ok');
  });
});
