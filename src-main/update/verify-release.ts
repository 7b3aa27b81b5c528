import { createHash, createPublicKey, verify } from 'node:crypto';
import {
  compareReleaseVersions,
  releaseManifestSchema,
  signedReleaseSchema,
  type ReleaseManifest,
  type SignedRelease,
} from '../../src-shared/schemas/release.js';
import { UpdateError } from './update-error.js';

/** The release key's id: the first 16 hex digits of the SHA-256 of its raw public key. */
export function releaseKeyIdOf(publicKeyBase64: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex').slice(0, 16);
}

function ed25519FromRaw(raw: Buffer) {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

/**
 * Checks a signed release against the release key this kiosk pins, in the order that trusts
 * least: the key id (a release of another key is refused before anything is parsed), the Ed25519
 * signature over the manifest's exact text, the manifest's shape, and that it is newer than the
 * version running (an old, genuinely signed release replayed is still refused).
 */
export function verifySignedRelease(
  input: unknown,
  pinnedPublicKey: string,
  runningVersion: string | null,
): { signed: SignedRelease; manifest: ReleaseManifest } {
  const signed = signedReleaseSchema.safeParse(input);
  if (!signed.success) throw new UpdateError('bad_manifest', 'the release is not a signed manifest');
  const raw = Buffer.from(pinnedPublicKey, 'base64');
  if (raw.length !== 32) throw new UpdateError('no_release_key', 'no release key is pinned in the kiosk config');
  if (signed.data.keyId !== releaseKeyIdOf(pinnedPublicKey)) {
    throw new UpdateError('wrong_key', `the release is signed with key ${signed.data.keyId}, not the pinned key`);
  }
  const ok = verify(
    null,
    Buffer.from(signed.data.manifest, 'utf8'),
    ed25519FromRaw(raw),
    Buffer.from(signed.data.signature, 'base64'),
  );
  if (!ok) throw new UpdateError('bad_signature', 'the release signature does not verify');
  let json: unknown;
  try {
    json = JSON.parse(signed.data.manifest);
  } catch {
    throw new UpdateError('bad_manifest', 'the signed manifest is not JSON');
  }
  const manifest = releaseManifestSchema.safeParse(json);
  if (!manifest.success) throw new UpdateError('bad_manifest', 'the signed manifest is not one this kiosk understands');
  if (runningVersion !== null && isVersion(runningVersion)) {
    if (compareReleaseVersions(manifest.data.version, runningVersion) <= 0) {
      throw new UpdateError(
        'older_version',
        `release ${manifest.data.version} is not newer than the running ${runningVersion}`,
      );
    }
  }
  return { signed: signed.data, manifest: manifest.data };
}

function isVersion(v: string): boolean {
  try {
    compareReleaseVersions(v, v);
    return true;
  } catch {
    return false;
  }
}
