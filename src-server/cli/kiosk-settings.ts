import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { SettingsError, kioskSettingsView, rollbackSettings, setSettings } from '../kiosks/kiosk-settings.js';
import { openCliDatabase } from './open-database.js';
import { parseArgs, runCommand, say, UsageError } from './output.js';

const USAGE =
  'npm run kiosk-settings -- set (--kiosk 6501 | --aimag 65 | --fleet) (--json \'{"defaultLanguage":"kk"}\' | --file settings.json)\n' +
  '       npm run kiosk-settings -- rollback (--kiosk 6501 | --aimag 65 | --fleet) --to VERSION\n' +
  '       npm run kiosk-settings -- show --kiosk 6501';

function scopeOf(values: Map<string, string>, flags: Set<string>): string {
  const chosen = [
    values.has('--kiosk') ? `kiosk:${values.get('--kiosk')}` : null,
    values.has('--aimag') ? `aimag:${values.get('--aimag')}` : null,
    flags.has('--fleet') ? 'fleet' : null,
  ].filter((s): s is string => s !== null);
  if (chosen.length !== 1) throw new UsageError('name exactly one of --kiosk, --aimag, --fleet');
  return chosen[0]!;
}

/**
 * `npm run kiosk-settings`: the centre's remote settings from the command line (issue 17), the
 * same versions, checks and audit as the console's Kiosks page. `set` adds a version, `rollback`
 * brings an earlier version's settings back as a new one, `show` prints what a kiosk should run,
 * what it runs and what it refused. Exit 0; 1 refused (invalid settings, unknown version); 2 usage.
 */
export async function kioskSettingsCommand(argv: readonly string[]): Promise<number> {
  const { positional, values, flags } = parseArgs(argv, {
    values: ['--kiosk', '--aimag', '--json', '--file', '--to'],
    flags: ['--fleet'],
  });
  const [command, ...rest] = positional;
  if (rest.length > 0) throw new UsageError(`unexpected ${rest.join(' ')}`);
  if (command !== 'set' && command !== 'rollback' && command !== 'show') throw new UsageError('set, rollback or show?');
  let settings: unknown;
  if (command === 'set') {
    const text = values.get('--json') ?? (values.has('--file') ? await readFile(values.get('--file')!, 'utf8') : null);
    if (text === null) throw new UsageError('set needs --json or --file');
    try {
      settings = JSON.parse(text);
    } catch {
      throw new UsageError('the settings are not valid JSON');
    }
  }
  const to = Number(values.get('--to'));
  if (command === 'rollback' && !(Number.isInteger(to) && to > 0)) throw new UsageError('rollback needs --to VERSION');
  const scope = scopeOf(values, flags);
  const { db } = await openCliDatabase({ quiet: true });
  const by = { id: null, login: `cli:${userInfo().username}` };
  try {
    if (command === 'show') {
      if (!scope.startsWith('kiosk:')) throw new UsageError('show needs --kiosk');
      const view = await kioskSettingsView(db, scope.slice('kiosk:'.length));
      if (!view) {
        say(`Ийм кодтой киоск бүртгэлгүй / no such kiosk: ${scope}`);
        return 1;
      }
      say(JSON.stringify(view, null, 2));
      return 0;
    }
    const version =
      command === 'set'
        ? await setSettings(db, { scope, settings, by })
        : await rollbackSettings(db, { scope, to, by });
    say(
      `${scope}: хувилбар / version ${version.version}` +
        (version.rollbackOf === null ? '' : ` (${version.rollbackOf}-г сэргээв / restores ${version.rollbackOf})`),
    );
    say(JSON.stringify(version.settings));
    return 0;
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    say(`Татгалзав / refused: ${err.message}`);
    return 1;
  } finally {
    await db.destroy();
  }
}

runCommand(USAGE, () => kioskSettingsCommand(process.argv.slice(2)));
