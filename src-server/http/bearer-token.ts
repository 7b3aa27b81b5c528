import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './error-replies.js';

const BEARER = /^Bearer +([\x21-\x7e]{1,512})$/i;
const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * `onRequest` hook that lets through only `Authorization: Bearer <token>`. Compared as SHA-256
 * digests in constant time, so neither the token's length nor its bytes leak through timing.
 * Runs before the body is read. `refusal` is the 401's message: it names the variable to set.
 */
export function bearerTokenHook(token: string, refusal: string) {
  const expected = digest(token);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const given = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (given !== undefined && timingSafeEqual(digest(given), expected)) return undefined;
    request.log.warn({ url: request.url.split('?')[0] }, 'bearer token refused');
    return sendError(reply.header('www-authenticate', 'Bearer'), 401, 'unauthorized', refusal);
  };
}
