import { randomUUID } from 'node:crypto';
import type { Submission } from '../../src-shared/schemas/submission.js';
import {
  credentialSha256Hex,
  OUTBOX_EXPORT_FORMAT,
  outboxMac,
  outboxMacKey,
  outboxSigningText,
  type OutboxExport,
  type OutboxExportBody,
} from '../../src-shared/usb/outbox-export.js';
import type { KioskKey } from '../enrolment/kiosk-key.js';
import { fileStamp, writeFileWhole } from './durable-write.js';
import { UsbError } from './usb-error.js';

export interface OutboxExportResult {
  /** The file's name on the stick (`tsonkh-outbox-0421-20261204T031500Z.json`). */
  file: string;
  items: number;
  bytes: number;
}

/**
 * Writes a kiosk's waiting submissions to a USB folder for `npm run import-outbox`: exactly what
 * a push would send (sealed envelopes; nothing a citizen typed is readable), with the kiosk's MAC
 * so the server knows it came from this kiosk and was not changed on the way: an enrolled kiosk
 * signs with its own key (only the signature leaves), one set up the old way MACs with its
 * credential.
 */
export async function writeOutboxExport(
  options: {
    dir: string;
    kioskCode: string;
    items: readonly Submission[];
    now?: Date;
  } & ({ key: Pick<KioskKey, 'sign'> } | { credential: string }),
): Promise<OutboxExportResult> {
  const now = options.now ?? new Date();
  const body: OutboxExportBody = {
    format: OUTBOX_EXPORT_FORMAT,
    version: 1,
    exportId: randomUUID(),
    kioskCode: options.kioskCode,
    exportedAt: now.toISOString(),
    items: [...options.items],
  };
  const file: OutboxExport = {
    ...body,
    mac:
      'key' in options
        ? { alg: 'ed25519', value: options.key.sign(outboxSigningText(body)) }
        : { alg: 'hmac-sha256', value: outboxMac(body, outboxMacKey(credentialSha256Hex(options.credential))) },
  };
  const bytes = Buffer.from(`${JSON.stringify(file)}\n`, 'utf8');
  const name = `tsonkh-outbox-${options.kioskCode}-${fileStamp(now)}.json`;
  try {
    await writeFileWhole(options.dir, name, bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOSPC' ? 'the USB stick is full' : code === 'EROFS' ? 'the USB stick is read-only' : code;
    throw new UsbError('write_failed', `cannot write the outbox to the USB stick: ${why ?? 'unknown error'}`, {
      cause: error,
    });
  }
  return { file: name, items: body.items.length, bytes: bytes.length };
}
