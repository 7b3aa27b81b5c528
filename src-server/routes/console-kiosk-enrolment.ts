import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { kioskPinsRequestSchema, newEnrolmentCodeRequestSchema } from '../../src-shared/console/kiosk-enrolment-api.js';
import { formatEnrolmentCode } from '../../src-shared/schemas/enrolment.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';
import type { ScryptParams } from '../console/passwords.js';
import type { Database } from '../db/database.js';
import { requireConsoleSession } from '../http/console-auth.js';
import { sendError } from '../http/error-replies.js';
import { KioskNotFoundError, makeEnrolmentCode, revokeKiosk, setKioskPins } from '../kiosks/kiosk-enrolment.js';
import { hashKioskPins, KIOSK_PIN_SCRYPT, KioskPinError } from '../kiosks/kiosk-pins.js';

/**
 * Enrolment from the console (administrator; policy.ts), each audited in its own transaction:
 *
 * - `POST /kiosks/enrolment-codes` `{ aimag, soum, place, mode }` → 201 `{ code, expiresAt, qrSvg }`.
 * - `POST /kiosks/:kioskCode/revoke` → `{ kioskCode, revokedAt }`; 404 `not_found`.
 * - `PUT /kiosks/:kioskCode/pins` `{ technicianPin?, staff[] }` → `{ kioskCode, version }`: hashed
 *   here (the plain PINs are never stored or logged), delivered with the kiosk's next token;
 *   400 `invalid` (e.g. two equal PINs), 404 `not_found`.
 */
export function registerConsoleKioskEnrolmentRoutes(
  app: FastifyInstance,
  deps: { db: Database; now: () => Date; passwordParams?: ScryptParams },
): void {
  // Tests make passwords cheap; kiosk PINs follow them down, never above the kiosk's own cost.
  const pinParams: ScryptParams = {
    ...KIOSK_PIN_SCRYPT,
    logN: Math.min(KIOSK_PIN_SCRYPT.logN, deps.passwordParams?.logN ?? KIOSK_PIN_SCRYPT.logN),
  };
  const actorOf = (request: Parameters<typeof requireConsoleSession>[0]) => {
    const { operator } = requireConsoleSession(request);
    return { id: operator.id, login: operator.login };
  };

  app.post('/kiosks/enrolment-codes', async (request, reply) => {
    const body = newEnrolmentCodeRequestSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, 400, 'invalid', formatZodIssues(body.error));
    try {
      const made = await makeEnrolmentCode(deps.db, body.data, {
        actor: actorOf(request),
        ip: request.ip,
        now: deps.now(),
      });
      const code = formatEnrolmentCode(made.code);
      const qrSvg = await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return reply.code(201).header('cache-control', 'no-store').send({ code, expiresAt: made.expiresAt, qrSvg });
    } catch (err) {
      if (err instanceof RangeError) return sendError(reply, 400, 'invalid', err.message);
      throw err;
    }
  });

  app.post<{ Params: { kioskCode: string } }>('/kiosks/:kioskCode/revoke', async (request, reply) => {
    try {
      return reply.send(
        await revokeKiosk(deps.db, request.params.kioskCode, {
          actor: actorOf(request),
          ip: request.ip,
          now: deps.now(),
        }),
      );
    } catch (err) {
      if (err instanceof KioskNotFoundError) return sendError(reply, 404, 'not_found', err.message);
      throw err;
    }
  });

  app.put<{ Params: { kioskCode: string } }>('/kiosks/:kioskCode/pins', async (request, reply) => {
    const body = kioskPinsRequestSchema.safeParse(request.body);
    if (!body.success)
      return sendError(reply, 400, 'invalid', 'PINs must be 6 to 12 digits; staff need an id and a name');
    try {
      const hashed = await hashKioskPins(body.data, pinParams);
      return reply.send(
        await setKioskPins(deps.db, request.params.kioskCode, hashed, {
          actor: actorOf(request),
          ip: request.ip,
          now: deps.now(),
        }),
      );
    } catch (err) {
      if (err instanceof KioskPinError) return sendError(reply, 400, 'invalid', err.message);
      if (err instanceof KioskNotFoundError) return sendError(reply, 404, 'not_found', err.message);
      throw err;
    }
  });
}
