/**
 * Why the kiosk refuses to start. The message names the file and then each problem on its
 * own line (`server.url: must be an http:// or https:// address`), because the reader is a
 * technician at a kiosk with no developer around.
 */
export class KioskConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`Kiosk config ${file} cannot be used:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'KioskConfigError';
  }
}
