import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import {
  authChallengeRequestSchema,
  authTokenRequestSchema,
  enrolRequestSchema,
  KIOSK_REVOKED,
} from '../../src-shared/schemas/enrolment.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';
import type { Database } from '../db/database.js';
import { sendError } from '../http/error-replies.js';
import {
  ENROL_ERROR_STATUS,
  EnrolmentError,
  enrolKiosk,
  parsePins,
  type ServerPublicKeys,
} from '../kiosks/kiosk-enrolment.js';
import { checkSignedChallenge, makeChallenge, makeToken, type KioskTokenKeys } from '../kiosks/kiosk-tokens.js';

const SMALL_BODY = 8 * 1024;

/**
 * The kiosk's side of enrolment (public routes: the kiosk has nothing else yet):
 *
 * - `POST /enroll` `{ code, publicKey, legacy? }` → 200 who the kiosk is and the keys to pin;
 *   404 `unknown_code`, 409 `code_used` (or `key_in_use`), 410 `code_expired`, 403 `legacy_mismatch`.
 * - `POST /auth/challenge` `{ publicKey }` → `{ challenge }` (a minute to sign it).
 * - `POST /auth/token` `{ publicKey, challenge, signature }` → `{ token, expiresAt, pins? }`;
 *   401 when the key is unknown or the signature wrong, 403 `kiosk_revoked`.
 */
export function registerKioskEnrolmentRoutes(
  app: FastifyInstance,
  deps: {
    db: Database;
    keys: KioskTokenKeys;
    serverKeys: ServerPublicKeys;
    now: () => Date;
    /** Per-client limit on enrolment tries (`http/public-limits.ts`): codes cannot be guessed by brute force. */
    limit?: onRequestHookHandler[];
  },
): void {
  app.post('/enroll', { bodyLimit: SMALL_BODY, onRequest: deps.limit ?? [] }, async (request, reply) => {
    const body = enrolRequestSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(body.error));
    try {
      const { kioskId, created, ...answer } = await enrolKiosk(deps.db, body.data, deps.serverKeys, {
        ip: request.ip,
        now: deps.now(),
      });
      request.log.info({ kiosk: answer.kioskCode, kioskId, created, mode: answer.mode }, 'kiosk enrolled');
      return reply.header('cache-control', 'no-store').send(answer);
    } catch (err) {
      if (!(err instanceof EnrolmentError)) throw err;
      request.log.info({ refused: err.code }, 'enrolment refused');
      return sendError(reply, ENROL_ERROR_STATUS[err.code], err.code, err.message);
    }
  });

  app.post('/auth/challenge', { bodyLimit: SMALL_BODY }, async (request, reply) => {
    const body = authChallengeRequestSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(body.error));
    return reply
      .header('cache-control', 'no-store')
      .send({ challenge: makeChallenge(deps.keys, body.data.publicKey, deps.now()) });
  });

  app.post('/auth/token', { bodyLimit: SMALL_BODY }, async (request, reply) => {
    const body = authTokenRequestSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(body.error));
    const now = deps.now();
    const kiosk = await deps.db
      .selectFrom('kiosks')
      .select(['id', 'kiosk_code', 'revoked_at', 'pins', 'pins_version'])
      .where('public_key', '=', body.data.publicKey)
      .executeTakeFirst();
    if (!kiosk || !checkSignedChallenge(deps.keys, body.data, now)) {
      return sendError(
        reply.header('www-authenticate', 'Bearer'),
        401,
        'unauthorized',
        'Unknown kiosk key or bad signature',
      );
    }
    if (kiosk.revoked_at !== null) {
      return sendError(
        reply,
        403,
        KIOSK_REVOKED,
        'This kiosk has been taken out of service by the centre; enrol it again',
      );
    }
    const pins = parsePins(kiosk.pins, kiosk.pins_version);
    return reply
      .header('cache-control', 'no-store')
      .send({ ...makeToken(deps.keys, kiosk.id, body.data.publicKey, now), ...(pins ? { pins } : {}) });
  });
}
