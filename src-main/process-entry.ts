import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * True when the module at `moduleUrl` is the program node was started with (`node file.mjs`,
 * tsx, or a bundle), so a file can be both imported by tests and run by a service manager.
 */
export function isProgramEntry(moduleUrl: string): boolean {
  const argv1 = process.argv[1];
  if (argv1 === undefined) return false;
  try {
    return realpathSync(argv1) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** On SIGINT or SIGTERM (Ctrl+C, systemd's stop): `close`, then exit 0, or 1 when closing failed. */
export function closeOnStopSignals(close: () => Promise<void>, onSignal?: (signal: NodeJS.Signals) => void): void {
  const stop = (signal: NodeJS.Signals) => {
    onSignal?.(signal);
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
