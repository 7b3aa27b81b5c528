import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRIDGE_METHODS } from '../../../src-shared/bridge-contract.js';

const doc = readFileSync(path.join(import.meta.dirname, '../../../docs/architecture.md'), 'utf8');

/** The rows of the bridge table: `| \`method\` | who | what |`. */
const tableMethods = [...doc.matchAll(/^\|\s*`([a-z][A-Za-z]*\.[A-Za-z]+)`\s*\|/gm)].map((m) => m[1]);

describe('docs/architecture.md stays true to the bridge contract', () => {
  it.each(BRIDGE_METHODS)('describes %s in the bridge table', (method) => {
    expect(tableMethods).toContain(method);
  });

  it('lists no method the contract does not have', () => {
    expect(tableMethods.filter((m) => !(BRIDGE_METHODS as string[]).includes(m!))).toEqual([]);
  });
});
