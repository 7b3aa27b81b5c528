import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { USB_RELEASE_FOLDER } from '../../../src-shared/schemas/release.js';
import { createUsbFolders } from '../../../src-main/usb/usb-folders.js';

describe('the folders a technician may save to on a USB stick', () => {
  let root = '';
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('are the stick and its folders two levels down, without hidden ones and without a release', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'usb-folders-'));
    const stick = path.join(root, 'KINGSTON');
    for (const dir of ['reports/2026', '.Trash-1000', `${USB_RELEASE_FOLDER}/files`])
      await mkdir(path.join(stick, dir), { recursive: true });
    const found = await createUsbFolders([root]).find();
    expect(found.map((f) => path.relative(root, f.location)).sort()).toEqual(['', 'KINGSTON', 'KINGSTON/reports']);
    expect(found.every((f) => f.freeBytes > 0)).toBe(true);
  });
});
