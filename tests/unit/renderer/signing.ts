import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../../../src-shared/canonical-json.js';
import type { ContentPage, SignedContentPage } from '../../../src-shared/protocol.js';

/** A content-signing key pair for tests, signing exactly as the server does. */
export function testSigner(): { publicKey: string; signPage(page: ContentPage): SignedContentPage } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  const keyId = createHash('sha256').update(raw).digest('hex').slice(0, 16);
  return {
    publicKey: raw.toString('base64'),
    signPage: (page) => ({ page, signature: signWith(privateKey, page), keyId }),
  };
}

function signWith(key: KeyObject, page: ContentPage): string {
  return sign(null, Buffer.from(canonicalJson(page), 'utf8'), key).toString('base64');
}
