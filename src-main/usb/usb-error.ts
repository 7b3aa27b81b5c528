/**
 * - `unknown_folder`: the id is not one the last search offered (the renderer never names a path);
 * - `folder_gone`: the folder it named is no longer there (the stick was pulled);
 * - `write_failed`: the file could not be written whole (stick full, read-only, …).
 */
export type UsbProblem = 'unknown_folder' | 'folder_gone' | 'write_failed';

/** A USB export cannot be done as asked; the message tells the technician what to do. */
export class UsbError extends Error {
  override name = 'UsbError';

  constructor(
    readonly problem: UsbProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}
