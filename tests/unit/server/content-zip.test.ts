import { describe, expect, it } from 'vitest';
import { readContentZip, ZipRefusedError } from '../../../src-server/content/content-zip.js';
import { zipEntries } from './publication-zips.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const names = async (zip: Buffer) => [...(await readContentZip(zip)).keys()].sort();

describe('readContentZip', () => {
  it('drops the one top folder a zipped folder has, and macOS resource folders', async () => {
    const zip = zipEntries({
      'content/services.json': [bytes('[]'), {}],
      'content/laws/a/text.md': [bytes('#'), {}],
      '__MACOSX/content/._services.json': [bytes('x'), {}],
    });
    expect(await names(zip)).toEqual(['laws/a/text.md', 'services.json']);
  });

  it('keeps names as they are when the files are at the top, and skips folder entries', async () => {
    const zip = zipEntries({
      'laws/': [new Uint8Array(), { os: 3, attrs: 0o040755 << 16 }],
      'laws/a/meta.json': [bytes('{}'), {}],
      'places.json': [bytes('[]'), { os: 3, attrs: 0o100644 << 16 }],
    });
    expect(await names(zip)).toEqual(['laws/a/meta.json', 'places.json']);
    // A folder holding only "laws" is the content folder's own laws/, not a wrapper.
    expect(await names(zipEntries({ 'laws/a/meta.json': [bytes('{}'), {}] }))).toEqual(['laws/a/meta.json']);
  });

  it('refuses a device file and a path deeper than the limit, in words', async () => {
    await expect(
      readContentZip(zipEntries({ fifo: [new Uint8Array(), { os: 3, attrs: 0o010644 << 16 }] })),
    ).rejects.toThrow(/"fifo" is not a regular file/);
    const deep = `${Array.from({ length: 9 }, (_, i) => `d${i}`).join('/')}/x.md`;
    await expect(readContentZip(zipEntries({ [deep]: [bytes('x'), {}] }))).rejects.toBeInstanceOf(ZipRefusedError);
  });
});
