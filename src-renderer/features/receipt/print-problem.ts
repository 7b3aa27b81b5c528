import type { TFunction } from 'i18next';
import type { PrinterProblem } from '../../../src-shared/schemas/printer-problem.js';
import { BridgeCallError } from '../../platform/bridge-error.js';

/** Why a print failed, from the host's error (`unknown` when it did not say). */
export function printProblemOf(error: unknown): PrinterProblem {
  return error instanceof BridgeCallError && error.reason ? error.reason : 'unknown';
}

/** That reason in plain words ("the paper has run out"…), for the citizen or the technician. */
export function printProblemText(t: TFunction, problem: PrinterProblem | undefined): string {
  return t(`receipt.printProblem.${problem ?? 'unknown'}`);
}
