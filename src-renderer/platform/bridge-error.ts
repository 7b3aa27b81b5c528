import type { BridgeErrorCode, PrinterProblem } from '../../src-shared/bridge-contract.js';

/**
 * A bridge call the host refused or could not answer. Its own small module (types only from the
 * contract) so the first screen can recognise one without loading the contract's schemas.
 */
export class BridgeCallError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
    /** For `printer_error`: why, as the host saw it (`paper_out`, `cover_open`…), to word for the citizen. */
    readonly reason?: PrinterProblem,
  ) {
    super(message);
    this.name = 'BridgeCallError';
  }
}
