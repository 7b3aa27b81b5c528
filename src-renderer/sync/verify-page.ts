import { canonicalJson } from '../../src-shared/canonical-json.js';
import type { ContentPage, SignedContentPage } from '../../src-shared/protocol.js';
import { ContentRejectedError } from '../data/content-rejected.js';

export { ContentRejectedError };

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const keyCache = new Map<string, Promise<{ key: CryptoKey; keyId: string }>>();

/** The key and its id as the server names it: the first 16 hex digits of SHA-256 of the raw key. */
function pinnedKey(publicKeyBase64: string): Promise<{ key: CryptoKey; keyId: string }> {
  let pinned = keyCache.get(publicKeyBase64);
  if (!pinned) {
    const raw = fromBase64(publicKeyBase64);
    pinned = Promise.all([
      crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']),
      crypto.subtle.digest('SHA-256', raw),
    ]).then(([key, hash]) => ({
      key,
      keyId: [...new Uint8Array(hash).subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(''),
    }));
    keyCache.set(publicKeyBase64, pinned);
  }
  return pinned;
}

/**
 * The content keys a kiosk trusts: its current key and, during a change-over, the next one
 * (kiosk config `contentPublicKey` and `nextContentPublicKey`).
 */
export type PinnedContentKeys = string | readonly string[];

/**
 * Accepts a page only if one of the pinned keys signed exactly this content (Ed25519 over its
 * canonical JSON), the page names that key by its id, and it continues from this kiosk's cursor:
 * an older page, a replayed one, or one from another key is refused before anything is written.
 * The same check serves network syncs and USB bundles.
 */
export async function verifySignedPage(
  signed: SignedContentPage,
  pinned: PinnedContentKeys,
  cursor: number,
): Promise<ContentPage> {
  const bytes = new TextEncoder().encode(canonicalJson(signed.page));
  let ok = false;
  for (const publicKey of typeof pinned === 'string' ? [pinned] : pinned) {
    try {
      const { key, keyId } = await pinnedKey(publicKey);
      if (keyId !== signed.keyId) continue;
      ok = await crypto.subtle.verify('Ed25519', key, fromBase64(signed.signature), bytes);
    } catch {
      ok = false;
    }
    break;
  }
  if (!ok)
    throw new ContentRejectedError(
      'bad_signature',
      `content page after ${signed.page.after}: not signed by a pinned key (key id ${signed.keyId})`,
    );
  const { after, next, changes } = signed.page;
  const ordered = changes.every((c, i) => c.seq > after && c.seq <= next && (i === 0 || c.seq > changes[i - 1]!.seq));
  if (after !== cursor || next < after || !ordered) {
    throw new ContentRejectedError(
      'stale_page',
      `content page ${after}→${next} does not continue from cursor ${cursor}`,
    );
  }
  return signed.page;
}

/**
 * True when one of the pinned keys, named by `keyId`, signed exactly `payload` (Ed25519 over its
 * canonical JSON): the check of content pages, for other signed things (remote settings, what a USB bundle brings back to this kiosk).
 */
export async function verifySignedJson(
  payload: unknown,
  signature: string,
  keyId: string,
  pinned: PinnedContentKeys,
): Promise<boolean> {
  const bytes = new TextEncoder().encode(canonicalJson(payload));
  for (const publicKey of typeof pinned === 'string' ? [pinned] : pinned) {
    try {
      const found = await pinnedKey(publicKey);
      if (found.keyId !== keyId) continue;
      return await crypto.subtle.verify('Ed25519', found.key, fromBase64(signature), bytes);
    } catch {
      return false;
    }
  }
  return false;
}
