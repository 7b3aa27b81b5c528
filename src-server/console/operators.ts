import { auditedTransaction } from '../db/audit-chain-lock.js';
import type { Kysely, Updateable } from 'kysely';
import {
  newOperatorRequestSchema,
  newPasswordSchema,
  operatorRoleSchema,
  type NewOperatorRequest,
  type OperatorAccount,
} from '../../src-shared/console/console-api.js';
import { appendAudit, type AuditEvent } from '../audit/audit-log.js';
import type { Database } from '../db/database.js';
import type { DatabaseSchema, OperatorRow, OperatorsTable } from '../db/schema.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';
import { hashPassword, STRONG_SCRYPT, type ScryptParams } from './passwords.js';
import { deleteOperatorSessions } from './sessions.js';

export type OperatorErrorCode = 'invalid' | 'login_taken' | 'not_found';

/** A refused account change, with a sentence the administrator can act on. */
export class OperatorError extends Error {
  override readonly name = 'OperatorError';
  constructor(
    readonly code: OperatorErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Who made an account change, for the audit log: an operator in the console, or the command line. */
export interface ChangeContext {
  actor: AuditEvent['actor'];
  ip?: string | null;
  now: Date;
  params?: ScryptParams;
}

/** The command line acts as itself: there is no operator yet when the first administrator is made. */
export const CLI_ACTOR = { id: null, login: 'cli' } as const;

export function toAccount(row: OperatorRow): OperatorAccount {
  return {
    id: row.id,
    login: row.login,
    role: operatorRoleSchema.parse(row.role),
    aimagCode: row.aimag_code,
    agencyId: row.agency_id,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}

export async function findOperator(db: Kysely<DatabaseSchema>, login: string): Promise<OperatorRow | undefined> {
  return db.selectFrom('operators').selectAll().where('login', '=', login.trim().toLowerCase()).executeTakeFirst();
}

/** Creates an account (validated by the shared schema) and records it in the audit log, together. */
export async function addOperator(db: Database, input: unknown, context: ChangeContext): Promise<OperatorAccount> {
  const parsed = newOperatorRequestSchema.safeParse(input);
  if (!parsed.success) throw new OperatorError('invalid', formatZodIssues(parsed.error));
  const value: NewOperatorRequest = parsed.data;
  // Hashing takes half a second: do it before the transaction, not while holding the write lock.
  const passwordHash = await hashPassword(value.password, context.params ?? STRONG_SCRYPT);
  const now = context.now.toISOString();
  return auditedTransaction(db, async (trx) => {
    if (await findOperator(trx, value.login)) {
      throw new OperatorError('login_taken', `the login "${value.login}" is taken; choose another`);
    }
    const row = await trx
      .insertInto('operators')
      .values({
        login: value.login,
        role: value.role,
        aimag_code: value.aimagCode,
        agency_id: value.agencyId,
        password_hash: passwordHash,
        created_at: now,
        password_changed_at: now,
        disabled_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(
      trx,
      {
        action: 'operator.add',
        outcome: 'ok',
        actor: context.actor,
        target: value.login,
        ip: context.ip ?? null,
        details: { role: value.role, aimagCode: value.aimagCode, agencyId: value.agencyId },
      },
      context.now,
    );
    return toAccount(row);
  });
}

export async function listOperators(db: Database): Promise<OperatorAccount[]> {
  const rows = await db.selectFrom('operators').selectAll().orderBy('login').execute();
  return rows.map(toAccount);
}

/** Disables an account and ends its sessions at once. Returns how many sessions ended. */
export async function disableOperator(db: Database, login: string, context: ChangeContext): Promise<number> {
  return changeAndSignOut(db, login, context, 'operator.disable', (row) => ({
    disabled_at: row.disabled_at ?? context.now.toISOString(),
  }));
}

/** Sets a new password, enables the account again and ends its sessions (whoever had the old one is out). */
export async function resetPassword(
  db: Database,
  login: string,
  password: string,
  context: ChangeContext,
): Promise<number> {
  const checked = newPasswordSchema.safeParse(password);
  if (!checked.success) throw new OperatorError('invalid', formatZodIssues(checked.error));
  const passwordHash = await hashPassword(password, context.params ?? STRONG_SCRYPT);
  return changeAndSignOut(db, login, context, 'operator.reset_password', () => ({
    password_hash: passwordHash,
    password_changed_at: context.now.toISOString(),
    disabled_at: null,
  }));
}

/**
 * One audited change to an account that also ends every session it has: the update, the sign-out
 * and the audit row commit together. Returns how many sessions ended.
 */
async function changeAndSignOut(
  db: Database,
  login: string,
  context: ChangeContext,
  action: 'operator.disable' | 'operator.reset_password',
  changes: (row: OperatorRow) => Updateable<OperatorsTable>,
): Promise<number> {
  return auditedTransaction(db, async (trx) => {
    const row = await findOperator(trx, login);
    if (!row) throw new OperatorError('not_found', `no operator with the login "${login}"`);
    await trx.updateTable('operators').set(changes(row)).where('id', '=', row.id).execute();
    const ended = await deleteOperatorSessions(trx, row.id);
    await appendAudit(
      trx,
      {
        action,
        outcome: 'ok',
        actor: context.actor,
        target: row.login,
        ip: context.ip ?? null,
        details: { sessionsEnded: ended },
      },
      context.now,
    );
    return ended;
  });
}
