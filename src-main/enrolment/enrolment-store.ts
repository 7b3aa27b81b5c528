import path from 'node:path';
import { z } from 'zod';
import { enrolResponseSchema } from '../../src-shared/schemas/enrolment.js';
import { readIfExists, writePrivateFile } from './private-file.js';

export const ENROLMENT_FILE = 'enrolment.json';

/** What the kiosk learnt when it was enrolled, and whether the centre has revoked it since. */
export const enrolmentRecordSchema = enrolResponseSchema.omit({ pins: true }).extend({
  serverUrl: z.string().url(),
  enrolledAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type EnrolmentRecord = z.infer<typeof enrolmentRecordSchema>;

/** `<dir>/enrolment.json` (0600): the kiosk's identity after enrolment. No secret is in it. */
export function createEnrolmentStore(dir: string) {
  const file = path.join(dir, ENROLMENT_FILE);
  let record: EnrolmentRecord | undefined;
  const text = readIfExists(file);
  if (text !== undefined) {
    const parsed = enrolmentRecordSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${file}: not an enrolment record; move it away and enrol the kiosk again`);
    record = parsed.data;
  }
  return {
    get: (): EnrolmentRecord | undefined => record,
    save(next: EnrolmentRecord): void {
      writePrivateFile(file, JSON.stringify(next, null, 2));
      record = next;
    },
    markRevoked(at: string): void {
      if (record && record.revokedAt === null) this.save({ ...record, revokedAt: at });
    },
  };
}
export type EnrolmentStore = ReturnType<typeof createEnrolmentStore>;
