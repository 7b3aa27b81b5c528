import { createCipheriv, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  SEAL_ALG,
  SEAL_INFO,
  sealAad,
  sealedEnvelopeSchema,
  type SealedEnvelope,
} from '../../../src-shared/schemas/submission.js';
import { seal } from '../../../src-renderer/platform/seal.js';
import { openSealed } from '../../../src-server/submissions/open-sealed.js';
import {
  generateSubmissionKey,
  p256PublicKeyFromRaw,
  rawP256PublicKey,
  submissionKeyFromPem,
} from '../../../src-server/submissions/submission-key.js';
import { generateContentKey } from '../../../src-server/content/signing.js';
import { DEMO_SUBMISSION_KEY, DEMO_SUBMISSION_PUBLIC_KEY } from './helpers.js';

const binding = { idempotencyKey: randomUUID(), trackingNo: '0421-000001-7' };
const content = { subject: 'Гэрэл', text: 'Гудамжны гэрэл асахгүй. Қазақша: әғқңұһі', contact: { phone: '99112233' } };
const key = DEMO_SUBMISSION_KEY.privateKey;

/** The same construction with node:crypto, sealing arbitrary bytes (a kiosk that misbehaves). */
function nodeSeal(plaintext: Buffer, b: typeof binding, serverPublicKey: string): SealedEnvelope {
  const ephemeral = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const epk = rawP256PublicKey(ephemeral.publicKey);
  const secret = diffieHellman({
    privateKey: ephemeral.privateKey,
    publicKey: p256PublicKeyFromRaw(Buffer.from(serverPublicKey, 'base64')),
  });
  const aesKey = Buffer.from(hkdfSync('sha256', secret, epk, SEAL_INFO, 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey, iv);
  cipher.setAAD(Buffer.from(sealAad(b.idempotencyKey, b.trackingNo)));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { alg: SEAL_ALG, epk: epk.toString('base64'), iv: iv.toString('base64'), ct: ct.toString('base64') };
}

/** Flips one bit of the byte at `index` of a base64 field. */
function flip(b64: string, index: number): string {
  const bytes = Buffer.from(b64, 'base64');
  bytes[index] = bytes[index]! ^ 0x01;
  return bytes.toString('base64');
}

describe('openSealed (server) ⇄ seal (kiosk, WebCrypto)', () => {
  it('the demo key pair matches the public key in kiosk-config/example.json', () => {
    expect(DEMO_SUBMISSION_KEY.publicKey).toBe(DEMO_SUBMISSION_PUBLIC_KEY);
    expect(Buffer.from(DEMO_SUBMISSION_KEY.publicKey, 'base64')).toHaveLength(65);
  });

  it('opens what the kiosk sealed', async () => {
    const envelope = await seal(content, binding, DEMO_SUBMISSION_PUBLIC_KEY);
    expect(sealedEnvelopeSchema.safeParse(envelope).success).toBe(true);
    expect(JSON.stringify(envelope)).not.toContain('99112233');
    expect(openSealed(envelope, binding, key)).toEqual({ ok: true, content });
  });

  it('opens with a freshly generated key, and each seal is different', async () => {
    const { key: fresh, pem } = generateSubmissionKey();
    expect(submissionKeyFromPem(pem).publicKey).toBe(fresh.publicKey);
    const a = await seal(content, binding, fresh.publicKey);
    const b = await seal(content, binding, fresh.publicKey);
    expect(a.ct).not.toBe(b.ct);
    expect(a.epk).not.toBe(b.epk);
    expect(openSealed(a, binding, fresh.privateKey)).toEqual({ ok: true, content });
    expect(openSealed(b, binding, fresh.privateKey)).toEqual({ ok: true, content });
  });

  describe('refuses, never throws', () => {
    let envelope: SealedEnvelope;
    const refused = (e: SealedEnvelope, b = binding, k = key) => {
      const result = openSealed(e, b, k);
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).not.toContain('99112233');
    };
    beforeAll(async () => {
      envelope = await seal(content, binding, DEMO_SUBMISSION_PUBLIC_KEY);
    });

    it('a flipped ciphertext byte, first, middle or in the tag', () => {
      const length = Buffer.from(envelope.ct, 'base64').length;
      for (const i of [0, Math.floor(length / 2), length - 1]) refused({ ...envelope, ct: flip(envelope.ct, i) });
    });

    it('a flipped nonce or ephemeral key byte', () => {
      refused({ ...envelope, iv: flip(envelope.iv, 3) });
      refused({ ...envelope, epk: flip(envelope.epk, 40) }); // off the curve, or another point
      refused({ ...envelope, epk: flip(envelope.epk, 0) }); // not an uncompressed point
    });

    it('other additional data: another idempotency key or tracking number', () => {
      refused(envelope, { ...binding, idempotencyKey: randomUUID() });
      refused(envelope, { ...binding, trackingNo: '0421-000002-5' });
    });

    it('another server key', () => {
      refused(envelope, binding, generateSubmissionKey().key.privateKey);
    });

    it('a key that is not P-256 at all', () => {
      refused(envelope, binding, generateContentKey().key.privateKey);
    });

    it('a truncated ciphertext and garbage fields', () => {
      refused({ ...envelope, ct: Buffer.from(envelope.ct, 'base64').subarray(0, 10).toString('base64') });
      refused({ ...envelope, ct: '' });
      refused({ ...envelope, iv: 'AAAA' });
      refused({ ...envelope, epk: Buffer.alloc(65, 4).toString('base64') });
    });

    it('a sealed plaintext that is not UTF-8 JSON', () => {
      const json = nodeSeal(Buffer.from(JSON.stringify(content)), binding, DEMO_SUBMISSION_PUBLIC_KEY);
      expect(openSealed(json, binding, key)).toEqual({ ok: true, content }); // the construction matches
      refused(nodeSeal(Buffer.from('{"subject":'), binding, DEMO_SUBMISSION_PUBLIC_KEY));
      refused(nodeSeal(Buffer.from([0x22, 0xff, 0xfe, 0x22]), binding, DEMO_SUBMISSION_PUBLIC_KEY));
    });
  });
});
