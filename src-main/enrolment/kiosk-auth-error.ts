/**
 * Why an enrolled kiosk could not get a token for its key (`key-auth.ts`):
 * - `offline`: the server could not be reached;
 * - `timeout`: no whole answer within the deadline;
 * - `refused`: the server did not accept the signed challenge (401);
 * - `revoked`: the centre has taken this kiosk out of service (403 `kiosk_revoked`);
 * - `bad_answer`: no challenge, or an answer that is not a token.
 */
export type KioskAuthFailure = 'offline' | 'timeout' | 'refused' | 'revoked' | 'bad_answer';

export class KioskAuthError extends Error {
  override name = 'KioskAuthError';

  constructor(
    readonly failure: KioskAuthFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}
