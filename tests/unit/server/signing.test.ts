import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src-shared/canonical-json.js';
import type { ContentPage, SignedContentPage } from '../../../src-shared/protocol.js';
import { signedContentPageSchema } from '../../../src-shared/protocol.js';
import { DEMO_CONTENT_KEY } from '../../../src-server/config.js';
import {
  contentKeyFromPem,
  contentKeyId,
  generateContentKey,
  signPage,
  verifySignedPage,
} from '../../../src-server/content/signing.js';
import { DEMO_KEY, DEMO_PUBLIC_KEY } from './helpers.js';

const page: ContentPage = {
  after: 10,
  changes: [
    {
      seq: 11,
      type: 'category',
      id: 'civil',
      op: 'put',
      data: { id: 'civil', title: { mn: 'Иргэний бүртгэл' }, order: 1 },
    },
    { seq: 12, type: 'service', id: 'old', op: 'delete' },
  ],
  next: 12,
  more: false,
  latest: 12,
};

describe('content signing', () => {
  it('signs with the demo key whose public half kiosk-config/example.json pins', async () => {
    const key = contentKeyFromPem(await readFile(DEMO_CONTENT_KEY));
    expect(key.publicKey).toBe(DEMO_PUBLIC_KEY);
    expect(key.keyId).toBe(contentKeyId(Buffer.from(DEMO_PUBLIC_KEY, 'base64')));
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('makes a page that matches the shared schema and verifies with the right key', () => {
    const signed = signPage(page, DEMO_KEY);
    expect(signedContentPageSchema.parse(signed)).toEqual(signed);
    expect(verifySignedPage(signed, DEMO_PUBLIC_KEY)).toBe(true);
  });

  it('verifies whatever the key order, since it signs the canonical JSON', () => {
    const signed = signPage(page, DEMO_KEY);
    const reordered = JSON.parse(
      JSON.stringify({ more: false, next: 12, changes: page.changes, after: 10, latest: 12 }),
    );
    expect(canonicalJson(reordered)).toBe(canonicalJson(page));
    expect(verifySignedPage({ ...signed, page: reordered as ContentPage }, DEMO_PUBLIC_KEY)).toBe(true);
  });

  it('fails with another key', () => {
    const other = generateContentKey().key;
    expect(verifySignedPage(signPage(page, DEMO_KEY), other.publicKey)).toBe(false);
    // Signed by the other key but claiming the demo key's id.
    expect(verifySignedPage({ ...signPage(page, other), keyId: DEMO_KEY.keyId }, DEMO_PUBLIC_KEY)).toBe(false);
  });

  it('fails when any byte of the page changes', () => {
    const signed = signPage(page, DEMO_KEY);
    const text = JSON.stringify(signed.page);
    for (const [from, to] of [
      ['"seq":11', '"seq":13'],
      ['Иргэний', 'Иргэнин'],
      ['"more":false', '"more":true'],
      ['"op":"delete"', '"op":"put"'],
    ] as const) {
      const tampered = JSON.parse(text.replace(from, to)) as ContentPage;
      expect(verifySignedPage({ ...signed, page: tampered }, DEMO_PUBLIC_KEY), from).toBe(false);
    }
  });

  it('fails on a flipped signature bit, a wrong key id or a malformed key', () => {
    const signed = signPage(page, DEMO_KEY);
    const bytes = Buffer.from(signed.signature, 'base64');
    bytes[17]! ^= 0x01;
    const flipped: SignedContentPage = { ...signed, signature: bytes.toString('base64') };
    expect(verifySignedPage(flipped, DEMO_PUBLIC_KEY)).toBe(false);
    expect(verifySignedPage({ ...signed, keyId: '0000000000000000' }, DEMO_PUBLIC_KEY)).toBe(false);
    expect(verifySignedPage(signed, 'not a key')).toBe(false);
    expect(verifySignedPage({ ...signed, signature: 'AAAA' }, DEMO_PUBLIC_KEY)).toBe(false);
  });

  it('refuses a PEM that is not an Ed25519 private key', () => {
    const { pem } = generateContentKey();
    expect(contentKeyFromPem(pem).publicKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(() => contentKeyFromPem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')).toThrow();
  });
});
