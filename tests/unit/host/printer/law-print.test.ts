import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchBridgeCall } from '../../../../src-main/bridge/dispatch.js';
import { createCapturePrinter } from '../../../support/capture-printer.js';
import { lawDocument } from '../../../../src-main/printer/law-layout.js';
import { renderDocument } from '../../../../src-main/printer/render.js';
import { bridgeContract, type PrintTextRequest } from '../../../../src-shared/bridge-contract.js';
import { decodeEscPos, paperPng } from '../../../support/escpos-decoder.js';
import { fakeHandlers, tempDir, validConfig } from '../fixtures.js';
import { readRaster, readText } from './paper-reader.js';

/** A real demo draft law: every article's text, in order, as paragraphs. */
function longArticle(): PrintTextRequest {
  const markdown = readFileSync(path.resolve('assets/demo-content/laws/pasture-law/text.md'), 'utf8');
  const paragraphs = markdown
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.trim());
  return {
    lang: 'mn',
    title: 'Малчдын бүлгийн бэлчээр ашиглалтын тухай хуулийн төсөл',
    heading: 'Бүх зүйл',
    paragraphs,
    url: 'https://tsonkh.gov.mn/laws/pasture-law',
  };
}

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await tempDir('law-print'));
});
afterEach(async () => {
  await remove();
});

describe('library print of a law', () => {
  const request = longArticle();

  it('uses a long real text', () => {
    expect(request.paragraphs.length).toBeGreaterThan(20);
    expect(request.paragraphs.join(' ').length).toBeGreaterThan(5000);
  });

  for (const width of [48, 32] as const) {
    it(`decodes back from raster to the same text, in order, nothing cut (${width} columns)`, () => {
      const doc = lawDocument(request, new Date('2026-11-26T06:05:00Z'));
      const decoded = decodeEscPos(renderDocument(doc, 'raster', { width, bandRows: 24 }));
      for (const band of decoded.bands) expect(band.rows).toBeLessThanOrEqual(24);
      const read = readRaster(decoded, doc, width);
      expect(read.slice(2, 2 + request.paragraphs.length)).toEqual(request.paragraphs);
      expect(read.slice(0, 2)).toEqual([request.title, request.heading]);
      expect(decoded.items.filter((i) => i.kind === 'qr')).toMatchObject([{ data: request.url }]);
      expect(decoded.items.at(-1)).toEqual({ kind: 'cut' });
      mkdirSync(path.resolve('tests/output/receipts'), { recursive: true });
      writeFileSync(
        path.resolve(`tests/output/receipts/law-pasture-${width === 48 ? '80mm' : '58mm'}.png`),
        paperPng(decoded),
      );
    });

    it(`decodes back from KZ-1048 text to the same text, in order, nothing cut (${width} columns)`, () => {
      const doc = lawDocument(request, new Date('2026-11-26T06:05:00Z'));
      const decoded = decodeEscPos(renderDocument(doc, 'kz1048', { width, bandRows: 24 }));
      const read = readText(decoded, doc, width);
      expect(read.slice(2, 2 + request.paragraphs.length)).toEqual(request.paragraphs);
      // Whole words only: every line break of a paragraph falls on a space of the source.
      const words = new Set(request.paragraphs.join(' ').split(' '));
      for (const line of decoded.lines) {
        const first = line.text.split(' ')[0]!;
        if (line.text !== '' && !/^-+$/.test(line.text) && /^\d+\.\d/.test(first)) expect(words.has(first)).toBe(true);
      }
    });
  }

  it('goes through the bridge and the capture printer', async () => {
    const printer = createCapturePrinter({ dir, width: 48, fail: false, kiosk: validConfig() });
    const handlers = fakeHandlers({ 'printer.printText': (r) => printer.printText(r) });
    const reply = await dispatchBridgeCall(handlers, 'printer.printText', {
      ...request,
      paragraphs: request.paragraphs.slice(0, 3),
    });
    expect(reply.ok).toBe(true);
    const jobId = (reply as { value: { jobId: string } }).value.jobId;
    expect(jobId).toMatch(/-law$/);
    const decoded = decodeEscPos(await readFile(path.join(dir, `${jobId}.bin`)));
    expect(decoded.items.filter((i) => i.kind === 'qr')).toMatchObject([{ data: request.url }]);
  });

  it('refuses a QR target that is not plain ASCII, and more than 400 paragraphs', () => {
    const schema = bridgeContract['printer.printText'].request;
    expect(schema.safeParse(request).success).toBe(true);
    expect(schema.safeParse({ ...request, url: 'https://tsonkh.gov.mn/хууль' }).success).toBe(false);
    expect(schema.safeParse({ ...request, paragraphs: Array(401).fill('а') }).success).toBe(false);
  });
});
