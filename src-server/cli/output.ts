/**
 * Plain text for the operator's terminal (the server itself logs JSON with pino). Results go to
 * stdout, problems to stderr.
 */
export function say(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function complain(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** A mistake on the command line: usage is printed and the exit code is 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Runs a human-facing command: its result is the exit code. A `UsageError` exits 2 with the
 * usage line; any other error exits 1 with its message.
 */
export function runCommand(usage: string, command: () => Promise<number>): void {
  command().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof UsageError) {
        complain(`${err.message}\nusage: ${usage}`);
        process.exitCode = 2;
        return;
      }
      complain(`error: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}

/** `--name value` and `--flag` options and positional arguments; unknown options are a UsageError. */
export function parseArgs(
  argv: readonly string[],
  spec: { values?: readonly string[]; flags?: readonly string[] },
): { positional: string[]; values: Map<string, string>; flags: Set<string> } {
  const positional: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.split('=', 2) as [string, string | undefined];
    if (spec.flags?.includes(name) && inline === undefined) {
      flags.add(name);
    } else if (spec.values?.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      values.set(name, value);
    } else {
      throw new UsageError(`unknown option ${arg}`);
    }
  }
  return { positional, values, flags };
}
