import { OPERATOR_ROLES } from '../../src-shared/console/console-api.js';
import {
  addOperator,
  CLI_ACTOR,
  disableOperator,
  listOperators,
  OperatorError,
  resetPassword,
} from '../console/operators.js';
import { openCliDatabase } from './open-database.js';
import { complain, parseArgs, runCommand, say, UsageError } from './output.js';
import { readPassword } from './read-password.js';

const USAGE = [
  `npm run operator -- add <login> --role ${OPERATOR_ROLES.join('|')} [--aimag <code>] [--agency <id>]`,
  '       npm run operator -- list',
  '       npm run operator -- disable <login>',
  '       npm run operator -- reset-password <login>',
  '  (the password is asked for on a terminal, or read from the first line of standard input)',
].join('\n');

/**
 * Operator accounts from the command line: the first administrator is made this way, and an
 * administrator locked out of the console gets back in this way. Uses the server's environment
 * (TSONKH_DATA_DIR, DATABASE_URL). Every change is in the audit log, by the actor `cli`.
 * Exit codes: 0 done, 1 refused (login taken, unknown, bad value), 2 usage.
 */
export async function operatorCommand(argv: readonly string[]): Promise<number> {
  const { positional, values } = parseArgs(argv, { values: ['--role', '--aimag', '--agency'] });
  const [command, login, ...rest] = positional;
  if (rest.length > 0) throw new UsageError(`unexpected ${rest.join(' ')}`);
  const needsLogin = command === 'add' || command === 'disable' || command === 'reset-password';
  if (needsLogin && login === undefined) throw new UsageError(`${command} needs a login`);
  if (!needsLogin && command !== 'list') throw new UsageError(command ? `unknown command "${command}"` : 'no command');
  if (command !== 'add' && values.size > 0) throw new UsageError('--role, --aimag and --agency belong to add');

  const password =
    command === 'add' || command === 'reset-password' ? await readPassword(`password for ${login}: `) : '';
  const { db } = await openCliDatabase({ quiet: true });
  try {
    const context = { actor: CLI_ACTOR, now: new Date() };
    switch (command) {
      case 'add': {
        const role = values.get('--role');
        if (role === undefined) throw new UsageError('add needs --role');
        const account = await addOperator(
          db,
          { login, password, role, aimagCode: values.get('--aimag') ?? null, agencyId: values.get('--agency') ?? null },
          context,
        );
        say(`added ${account.login} (${describe(account)})`);
        return 0;
      }
      case 'list':
        for (const a of await listOperators(db)) {
          say(`${a.login}\t${describe(a)}\t${a.disabledAt === null ? 'active' : `disabled ${a.disabledAt}`}`);
        }
        return 0;
      case 'disable': {
        const ended = await disableOperator(db, login!, context);
        say(`disabled ${login}; ${ended} session(s) ended`);
        return 0;
      }
      case 'reset-password':
        await resetPassword(db, login!, password, context);
        say(`new password set for ${login}; the account is enabled and its old sessions ended`);
        return 0;
    }
    return 2;
  } catch (err) {
    if (!(err instanceof OperatorError)) throw err;
    complain(`refused: ${err.message}`);
    return 1;
  } finally {
    await db.destroy();
  }
}

function describe(a: { role: string; aimagCode: string | null; agencyId: string | null }): string {
  if (a.aimagCode !== null) return `${a.role}, aimag ${a.aimagCode}`;
  if (a.agencyId !== null) return `${a.role}, agency ${a.agencyId}`;
  return a.role;
}

runCommand(USAGE, () => operatorCommand(process.argv.slice(2)));
