import type { BridgeErrorCode } from '../../src-shared/bridge-contract.js';

/**
 * A failure the renderer is meant to handle: its `code` travels back over the bridge and the
 * renderer words it for the citizen ("no connection", "the printer is not working"). Anything
 * thrown that is not a BridgeError is a host bug and reaches the renderer only as `internal`.
 */
export class BridgeError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BridgeError';
  }
}
