import 'server-only';
/**
 * `npm run admin:create`: an active administrator made from the command line, for a fresh
 * production database (DEMO_SEED=off) where nobody can log in yet to use the admin pages.
 * Same input rules as the admin form (lib/validation/admin.ts), audited as `user_created` with
 * the command line and the OS user as the actor (there is no user account behind it).
 * Refused while an active admin exists unless `additional` is set: a second run by mistake on a
 * live registry must not quietly add an all-powerful account.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { countActiveAdmins } from '@/lib/dal/admins';
import { hashPassword } from '@/lib/auth/password';
import { recordEvent } from '@/lib/services/audit/record-event';
import { isUniqueViolation } from '@/lib/services/db-errors';
import { ServiceError, invalid } from '@/lib/services/errors';
import { cliAdminSchema } from '@/lib/validation/admin';

export const ADMIN_EXISTS_MESSAGE =
  'An active administrator already exists: log in as them and create accounts on /admin/users, or pass --additional to add another administrator from the command line.';
const EMAIL_TAKEN = 'An account with this email already exists.';

export interface CliAdminRequest {
  email: string;
  displayName: string;
  password: string;
  /** Allow the command although an active admin exists. */
  additional: boolean;
  /** Written to audit_log.actor_label, e.g. "cli admin:create (os user root)". */
  actorLabel: string;
}

/** The audit actor of a command run from a shell: the command and who ran it. */
export function cliActorLabel(command: string, osUser: string): string {
  return `cli ${command} (os user ${osUser})`;
}

export { countActiveAdmins };

export async function createAdminFromCli(db: Db, req: CliAdminRequest): Promise<{ id: number; email: string }> {
  const parsed = cliAdminSchema.safeParse({ email: req.email, displayName: req.displayName, password: req.password });
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? 'input')] ??= []).push(issue.message);
    throw invalid(parsed.error.issues.map((i) => i.message).join(' '), fieldErrors);
  }
  if (!req.actorLabel.trim()) throw new Error('audit: an event needs an actor');
  const input = parsed.data;
  // Hash before the transaction: bcrypt takes a few hundred ms and must not hold the lock.
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      // Two commands started at once on an empty registry: the second waits and then sees the first admin.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('cll:admin:create'))`);
      const [admin] = await tx.select({ id: users.id }).from(users)
        .where(and(eq(users.role, 'admin'), eq(users.active, true))).limit(1);
      if (admin && !req.additional) throw new ServiceError(ADMIN_EXISTS_MESSAGE, 'conflict', undefined, { rule: 'admin_exists' });
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, input.email)).limit(1);
      if (existing) throw new ServiceError(EMAIL_TAKEN, 'conflict', { email: [EMAIL_TAKEN] });
      const [row] = await tx.insert(users).values({
        email: input.email, displayName: input.displayName, role: 'admin', centreId: null, passwordHash,
      }).returning({ id: users.id, email: users.email });
      if (!row) throw new Error('user insert returned nothing');
      await recordEvent(tx, {
        actor: { id: 'system', label: req.actorLabel }, action: 'user_created', tableName: 'users', recordId: row.id,
        details: { email: input.email, displayName: input.displayName, role: 'admin', centre: null, via: 'command line' },
      });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ServiceError(EMAIL_TAKEN, 'conflict', { email: [EMAIL_TAKEN] });
    throw err;
  }
}
