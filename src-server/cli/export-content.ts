import path from 'node:path';
import { contentChangesQuerySchema, PREVIOUS_PROTOCOL_VERSION, PROTOCOL_VERSION } from '../../src-shared/protocol.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';
import { exportContentBundle, verifyContentBundle } from '../content/bundle.js';
import { loadServerContentKey } from '../content/signing.js';
import { openCliDatabase } from './open-database.js';
import { complain, parseArgs, runCommand, say, UsageError } from './output.js';

const USAGE =
  'npm run export-content -- <out-folder> [--after N] [--max-bytes B] [--kiosk CODE[,CODE…]] [--protocol 1|2] [--force]';

/**
 * `npm run export-content -- <out> [--after N] [--max-bytes B] [--force]`: writes the signed
 * content pages after cursor N (default 0: everything) as a bundle for kiosks without a network
 * (`<out>/manifest.json`, `<out>/pages/000001.json`…), then reads it back and verifies every
 * hash, signature and cursor before declaring success. `--kiosk 0421,0422` adds what goes back to
 * those kiosks (acks and status changes, `kiosks/<code>.json`, signed too). Signs with the server's key
 * (TSONKH_CONTENT_KEY, or the demo key in demo mode). `--protocol 1` writes pages for kiosks not
 * yet updated to protocol 2 (see src-shared/protocol.ts).
 */
export async function exportCommand(argv: readonly string[]): Promise<number> {
  const { positional, values, flags } = parseArgs(argv, {
    values: ['--after', '--max-bytes', '--kiosk', '--protocol'],
    flags: ['--force'],
  });
  if (positional.length !== 1) throw new UsageError('expected one output folder');
  const query = contentChangesQuerySchema.safeParse({
    after: values.get('--after'),
    maxBytes: values.get('--max-bytes'),
  });
  if (!query.success) {
    throw new UsageError(
      `--after must be a whole number ≥ 0 and --max-bytes one from 1024 to 4194304: ${formatZodIssues(query.error)}`,
    );
  }
  const kiosks = (values.get('--kiosk') ?? '').split(',').filter((code) => code !== '');
  if (kiosks.some((code) => !/^\d{4}$/.test(code))) throw new UsageError('--kiosk takes 4-digit kiosk codes');
  // Kiosks not yet updated to this release read only the previous protocol's pages.
  const protocolArg = values.get('--protocol') ?? String(PROTOCOL_VERSION);
  if (protocolArg !== String(PROTOCOL_VERSION) && protocolArg !== String(PREVIOUS_PROTOCOL_VERSION)) {
    throw new UsageError(`--protocol is ${PREVIOUS_PROTOCOL_VERSION} or ${PROTOCOL_VERSION}`);
  }
  const protocol = protocolArg === '1' ? PREVIOUS_PROTOCOL_VERSION : PROTOCOL_VERSION;
  const out = path.resolve(positional[0]!);
  const { db, config } = await openCliDatabase({ quiet: true });
  try {
    const { key, demo } = await loadServerContentKey(config);
    if (demo) complain('warning: signing with the public demo key (TSONKH_DEMO=1); real kiosks will refuse it');
    const manifest = await exportContentBundle(db, key, out, {
      after: query.data.after,
      maxBytes: query.data.maxBytes,
      force: flags.has('--force'),
      kiosks,
      protocol,
    });
    const check = await verifyContentBundle(out, key.publicKey);
    if (check.problems.length > 0) {
      complain(`The bundle in ${out} does not verify:`);
      for (const p of check.problems) complain(`  ${p}`);
      return 1;
    }
    const first = manifest.pages[0];
    const last = manifest.pages.at(-1);
    say(
      first && last
        ? `Exported ${check.changes} changes (${first.after + 1}–${last.next}) in ${manifest.pages.length} pages, ` +
            `${check.bytes} bytes, to ${out}`
        : `Nothing to export after ${query.data.after}: ${out} holds an empty bundle`,
    );
    for (const r of manifest.kioskReturns ?? []) {
      say(`Kiosk ${r.kioskCode}: ${r.acks} submissions it may mark delivered, ${r.statusChanges} status changes`);
    }
    say(`Signed with key ${manifest.keyId}; every page verified.`);
    return 0;
  } finally {
    await db.destroy();
  }
}

runCommand(USAGE, () => exportCommand(process.argv.slice(2)));
