import { verify, type KeyObject } from 'node:crypto';
import { publicKeyFromRaw } from '../content/signing.js';
import type { Database } from '../db/database.js';
import type { AuthenticatedKiosk } from '../kiosks/kiosk-registry.js';
import { acceptSubmissions } from '../submissions/accept-batch.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';
import {
  outboxExportSchema,
  outboxMac,
  outboxMacKey,
  outboxSigningText,
  sameMac,
  type OutboxExport,
} from '../../src-shared/usb/outbox-export.js';

/** Items per acceptance call: the size of a kiosk's own push batches, times five. */
const CHUNK = 100;

export class OutboxImportError extends Error {
  override readonly name = 'OutboxImportError';
}

/** What one import did, item by item summed. */
export interface OutboxImportOutcome {
  kioskCode: string;
  exportId: string;
  exportedAt: string;
  /** Stored by this import. */
  added: number;
  /** Already held (an earlier import or a network push): nothing changed for them. */
  alreadyHad: number;
  /** Refused, each with the reason the server would have answered a push with. */
  refused: { trackingNo: string; code: string; message: string }[];
}

/** The kiosk named by a file, with what is needed to check its MAC or signature. */
async function kioskForExport(
  db: Database,
  kioskCode: string,
): Promise<{ kiosk: AuthenticatedKiosk; hash: string; publicKey: string | null }> {
  const row = await db
    .selectFrom('kiosks')
    .select(['id', 'kiosk_code', 'created_at', 'presentation', 'staff_ids', 'credential_hash', 'public_key'])
    .where('kiosk_code', '=', kioskCode)
    .executeTakeFirst();
  if (!row) throw new OutboxImportError(`kiosk ${kioskCode} is not registered with this server`);
  return {
    kiosk: {
      id: row.id,
      kioskCode: row.kiosk_code,
      registeredAt: row.created_at,
      presentation: row.presentation,
      staffIds: row.staff_ids === null ? null : (JSON.parse(row.staff_ids) as string[]),
    },
    hash: row.credential_hash,
    publicKey: row.public_key,
  };
}

/** True when the kiosk's own Ed25519 key (raw, base64, as stored at enrolment) signed this body. */
function signedByKiosk(file: OutboxExport, publicKey: string): boolean {
  try {
    return verify(
      null,
      Buffer.from(outboxSigningText(file), 'utf8'),
      publicKeyFromRaw(Buffer.from(publicKey, 'base64')),
      Buffer.from(file.mac.value, 'base64'),
    );
  } catch {
    return false;
  }
}

/** Reads and checks a file's text: its format, that the named kiosk wrote it, and that every item is that kiosk's. */
export async function readOutboxExport(
  db: Database,
  text: string,
): Promise<{ file: OutboxExport; kiosk: AuthenticatedKiosk }> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new OutboxImportError('not an outbox export: the file is not JSON');
  }
  const parsed = outboxExportSchema.safeParse(json);
  if (!parsed.success) throw new OutboxImportError(`not an outbox export: ${formatZodIssues(parsed.error)}`);
  const file = parsed.data;
  const { kiosk, hash, publicKey } = await kioskForExport(db, file.kioskCode);
  if (file.mac.alg === 'ed25519') {
    if (publicKey === null) {
      throw new OutboxImportError(
        `kiosk ${file.kioskCode} is not enrolled with a key: it cannot have signed this file`,
      );
    }
    if (!signedByKiosk(file, publicKey)) {
      throw new OutboxImportError(
        `the file's signature does not match kiosk ${file.kioskCode}'s key: it was changed, or written by another kiosk`,
      );
    }
  } else if (!sameMac(outboxMac(file, outboxMacKey(hash)), file.mac.value)) {
    throw new OutboxImportError(
      `the file's MAC does not match kiosk ${file.kioskCode}: it was changed, or written by another kiosk or with an old credential`,
    );
  }
  const foreign = file.items.find((item) => item.kioskCode !== file.kioskCode);
  if (foreign) throw new OutboxImportError(`item ${foreign.trackingNo} is not kiosk ${file.kioskCode}'s`);
  return { file, kiosk };
}

/**
 * Takes a kiosk's outbox from a USB stick through the same acceptance as a network push
 * (`acceptSubmissions`: idempotent by submission id, same checks, same acks), so an import
 * repeated, or of items the kiosk also pushed, stores nothing twice. Counts what was new, what
 * the server already had and what it refused and why.
 */
export async function importOutbox(
  db: Database,
  text: string,
  { privateKey, now }: { privateKey: KeyObject; now?: () => Date },
): Promise<OutboxImportOutcome> {
  const { file, kiosk } = await readOutboxExport(db, text);
  const outcome: OutboxImportOutcome = {
    kioskCode: file.kioskCode,
    exportId: file.exportId,
    exportedAt: file.exportedAt,
    added: 0,
    alreadyHad: 0,
    refused: [],
  };
  for (let start = 0; start < file.items.length; start += CHUNK) {
    const items = file.items.slice(start, start + CHUNK);
    const { results, stored } = await acceptSubmissions(db, kiosk, items, { privateKey, ...(now ? { now } : {}) });
    const accepted = results.filter((r) => r.result === 'accepted').length;
    outcome.added += stored;
    outcome.alreadyHad += accepted - stored;
    results.forEach((r, i) => {
      if (r.result !== 'accepted')
        outcome.refused.push({ trackingNo: items[i]!.trackingNo, code: r.error.code, message: r.error.message });
    });
  }
  return outcome;
}
