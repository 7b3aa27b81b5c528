/**
 * Why a kiosk release was not taken (issue 18):
 * - `no_release_key`: the kiosk config pins no release key, so the kiosk takes no release at all;
 * - `wrong_key`: signed with a key other than the pinned release key;
 * - `bad_signature`: the signature does not verify (the manifest was changed on the way);
 * - `bad_manifest`: not a release manifest this kiosk understands;
 * - `older_version`: not newer than the version running (a replayed old release);
 * - `hash_mismatch`: a file's bytes do not match the manifest, even fetched again;
 * - `download_failed`: the server or the stick could not give a file (the link is down);
 * - `install_failed`: the new version could not be put in place (disk full, …);
 * - `not_found`: no release where one was looked for (a stick without one).
 */
export type UpdateProblem =
  | 'no_release_key'
  | 'wrong_key'
  | 'bad_signature'
  | 'bad_manifest'
  | 'older_version'
  | 'hash_mismatch'
  | 'download_failed'
  | 'install_failed'
  | 'not_found';

/** A release refused or not (yet) taken; the old version keeps running. */
export class UpdateError extends Error {
  override name = 'UpdateError';

  constructor(
    readonly problem: UpdateProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}
