/**
 * - `unknown_bundle`: the id is not one the last search found (the stick was changed);
 * - `page_unreadable`: the page file is missing, too large, not a file or not a signed page;
 * - `page_damaged`: the page does not match the manifest's checksum.
 */
export type ContentBundleProblem = 'unknown_bundle' | 'page_unreadable' | 'page_damaged';

/** A content bundle on a USB stick cannot be used as asked; the technician is told which file. */
export class ContentBundleError extends Error {
  override name = 'ContentBundleError';

  constructor(
    readonly problem: ContentBundleProblem,
    message: string,
  ) {
    super(message);
  }
}
