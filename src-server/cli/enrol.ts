import QRCode from 'qrcode';
import { formatEnrolmentCode, kioskModeSchema } from '../../src-shared/schemas/enrolment.js';
import { CLI_ACTOR } from '../console/operators.js';
import { KioskNotFoundError, makeEnrolmentCode, revokeKiosk } from '../kiosks/kiosk-enrolment.js';
import { openCliDatabase } from './open-database.js';
import { parseArgs, runCommand, say, UsageError } from './output.js';

const USAGE =
  'npm run enrol -- --aimag 83 --soum 8301 --place "Сүмбэр сумын ЗДТГ" --mode citizen|library|chamber\n' +
  '       npm run enrol -- --revoke <kiosk code>';

/**
 * `npm run enrol`: makes a one-time enrolment code for one kiosk (valid an hour), printed as
 * text to type on the kiosk's keypad and as a QR code; or, with `--revoke`, takes a kiosk out of
 * service. Both are audited as the actor `cli`. Exit 0; 1 on failure (unknown kiosk); 2 usage.
 */
export async function enrolCommand(argv: readonly string[]): Promise<number> {
  const { positional, values } = parseArgs(argv, { values: ['--aimag', '--soum', '--place', '--mode', '--revoke'] });
  if (positional.length > 0) throw new UsageError(`unexpected ${positional.join(' ')}`);
  const revoke = values.get('--revoke');
  if (revoke === undefined) {
    for (const name of ['--aimag', '--soum', '--place', '--mode']) {
      if (!values.has(name)) throw new UsageError(`${name} is needed`);
    }
    const mode = kioskModeSchema.safeParse(values.get('--mode'));
    if (!mode.success) throw new UsageError('--mode must be citizen, library or chamber');
  }
  const { db } = await openCliDatabase({ quiet: true });
  try {
    const ctx = { actor: CLI_ACTOR, now: new Date() };
    if (revoke !== undefined) {
      try {
        const { revokedAt } = await revokeKiosk(db, revoke, ctx);
        say(
          `Kiosk ${revoke} is out of service since ${revokedAt}. Its queue stays on it; enrol it again to return it.`,
        );
        return 0;
      } catch (err) {
        if (err instanceof KioskNotFoundError) throw new Error(`no kiosk ${revoke}`, { cause: err });
        throw err;
      }
    }
    let made: { code: string; expiresAt: string };
    try {
      made = await makeEnrolmentCode(
        db,
        {
          aimag: values.get('--aimag')!,
          soum: values.get('--soum')!,
          place: values.get('--place')!,
          mode: kioskModeSchema.parse(values.get('--mode')),
        },
        ctx,
      );
    } catch (err) {
      if (err instanceof RangeError) throw new UsageError(err.message);
      throw err;
    }
    const shown = formatEnrolmentCode(made.code);
    say(`Бүртгэлийн код / Enrolment code: ${shown}`);
    say(`Хүчинтэй / Valid until: ${made.expiresAt} (one kiosk, once)`);
    say(await QRCode.toString(shown, { type: 'terminal', small: true, errorCorrectionLevel: 'M' }));
    return 0;
  } finally {
    await db.destroy();
  }
}

runCommand(USAGE, () => enrolCommand(process.argv.slice(2)));
