import type { BridgeErrorCode, PrinterProblem } from '../../src-shared/bridge-contract.js';

/**
 * A failure the renderer is meant to handle: its `code` travels back over the bridge and the
 * renderer words it for the citizen ("no connection", "the printer is not working"). Anything
 * thrown that is not a BridgeError is a host bug and reaches the renderer only as `internal`.
 */
export class BridgeError extends Error {
  /** For `printer_error`: what went wrong, machine-readable, so the renderer can say it plainly. */
  readonly reason: PrinterProblem | undefined;

  constructor(
    readonly code: BridgeErrorCode,
    message: string,
    options?: { cause?: unknown; reason?: PrinterProblem },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BridgeError';
    this.reason = options?.reason;
  }
}
