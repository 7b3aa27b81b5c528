import {
  bridgeContract,
  isBridgeMethod,
  type BridgeHandlers,
  type BridgeReply,
} from '../../src-shared/bridge-contract.js';
import { createLogger } from '../logger.js';
import { describeIssues } from '../../src-shared/zod-issues.js';
import type { BridgeError } from './bridge-error.js';
import { toBridgeError } from './host-errors.js';

const log = createLogger('bridge');

function failure(code: BridgeError['code'], message: string, reason?: BridgeError['reason']): BridgeReply<never> {
  return { ok: false, error: reason ? { code, message, reason } : { code, message } };
}

/**
 * The single entry for every bridge call, whether it came over Electron IPC or the loopback
 * HTTP bridge. Nothing from the renderer is trusted: the method must be in the contract and
 * the payload must pass its request schema before a handler runs. The handler's answer is
 * checked against the response schema too, which also strips any field the contract does not
 * name, so a host bug cannot hand the renderer something it must not see. A service's own error
 * (printer, transport, journal, bundles) becomes a bridge code in `toBridgeError`. A missing payload
 * counts as `{}` so calls that take no arguments need not send one.
 */
export async function dispatchBridgeCall(
  handlers: BridgeHandlers,
  method: unknown,
  payload: unknown,
): Promise<BridgeReply<unknown>> {
  if (!isBridgeMethod(method)) {
    const name = typeof method === 'string' ? JSON.stringify(method.slice(0, 64)) : typeof method;
    return failure('unknown_method', `unknown bridge method ${name}`);
  }
  const contract = bridgeContract[method];
  const request = contract.request.safeParse(payload ?? {});
  if (!request.success) {
    return failure('invalid_request', `${method}: ${describeIssues(request.error.issues).join('; ')}`);
  }

  try {
    const handler = handlers[method] as (request: unknown) => Promise<unknown>;
    const value = await handler(request.data);
    const response = contract.response.safeParse(value);
    if (!response.success) {
      log.error({ method, issues: describeIssues(response.error.issues) }, 'handler answered outside the contract');
      return failure('internal', `${method}: the kiosk host gave an invalid answer`);
    }
    return { ok: true, value: response.data };
  } catch (thrown) {
    const error = toBridgeError(thrown);
    if (error) {
      log.debug({ method, code: error.code, reason: error.reason, message: error.message }, 'bridge call failed');
      return failure(error.code, error.message, error.reason);
    }
    log.error({ method, err: thrown }, 'bridge handler crashed');
    return failure('internal', `${method}: internal error in the kiosk host`);
  }
}
