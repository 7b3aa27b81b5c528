import { z } from 'zod';
import { kioskModeSchema } from '../schemas/enrolment.js';
import { pinSchema } from '../schemas/kiosk-config.js';

/** `POST /console/api/kiosks/enrolment-codes` (administrator): a one-time code for one kiosk. */
export const newEnrolmentCodeRequestSchema = z.strictObject({
  aimag: z.string().regex(/^\d{2}$/),
  soum: z.string().regex(/^\d{4}$/),
  place: z.string().trim().min(1).max(200),
  mode: kioskModeSchema,
});
export type NewEnrolmentCodeRequest = z.infer<typeof newEnrolmentCodeRequestSchema>;

export const newEnrolmentCodeResponseSchema = z.object({
  /** `XXXX-XXXX`, to type on the kiosk. */
  code: z.string(),
  expiresAt: z.string(),
  /** The same code as an SVG QR code. */
  qrSvg: z.string(),
});
export type NewEnrolmentCodeResponse = z.infer<typeof newEnrolmentCodeResponseSchema>;

/** `PUT /console/api/kiosks/:kioskCode/pins` (administrator): new PINs, hashed on the server at once. */
export const kioskPinsRequestSchema = z.strictObject({
  technicianPin: pinSchema.optional(),
  staff: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[A-Za-z0-9-]{1,32}$/),
        name: z.string().trim().min(1).max(100),
        pin: pinSchema,
      }),
    )
    .max(100)
    .default([]),
});
