/**
 * A content page or change refused: by its signature (sync) or by what it holds (the store).
 * In data/ because both the sync and the content store raise it, and data/ depends on nothing above it.
 */
export class ContentRejectedError extends Error {
  override name = 'ContentRejectedError';
  constructor(
    readonly reason: 'bad_signature' | 'stale_page' | 'invalid_entity',
    message: string,
  ) {
    super(message);
  }
}
