/** What the journal was doing when it failed. */
export type JournalOperation = 'append' | 'ack' | 'read';

/** Why the journal's disk refused, as far as the operating system says. */
export type JournalProblem = 'disk_full' | 'read_only' | 'permission' | 'io';

/**
 * The host journal could not write, acknowledge or read its file. The renderer cannot do
 * anything about it but keep its own copy (its outbox still holds every entry), so the bridge
 * reports it as `internal`; the message says what happened for the technician's log.
 */
export class JournalError extends Error {
  override name = 'JournalError';

  constructor(
    readonly operation: JournalOperation,
    readonly problem: JournalProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}
