/**
 * How a request to the central server failed, in the transport's own terms:
 * - `offline`: the server could not be reached at all;
 * - `timeout`: no whole answer within the deadline;
 * - `credential_refused`: 401/403, the kiosk's credential is not (or no longer) accepted;
 * - `request_refused`: 400/413/422, the server would not take what was sent;
 * - `bad_request`: refused before sending (e.g. not a tracking number);
 * - `bad_answer`: an answer came, but not one this kiosk can trust (unexpected status, wrong
 *   shape, too large, about another tracking number).
 */
export type TransportFailure =
  'offline' | 'timeout' | 'credential_refused' | 'request_refused' | 'bad_request' | 'bad_answer';

export class TransportError extends Error {
  override name = 'TransportError';

  constructor(
    readonly failure: TransportFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}
