import { bearerTokenHook } from './bearer-token.js';

/**
 * `onRequest` hook for operator routes: the caller must send `Authorization: Bearer
 * <TSONKH_OPERATOR_TOKEN>` (see `bearerTokenHook`).
 */
export function operatorAuthHook(token: string) {
  return bearerTokenHook(
    token,
    'Operator routes need "Authorization: Bearer <operator token>" (TSONKH_OPERATOR_TOKEN on the server)',
  );
}
