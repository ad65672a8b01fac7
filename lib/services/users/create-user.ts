import 'server-only';
/** Creates an account with an initial password chosen by the admin (hashed with bcrypt). */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import { hashPassword } from '@/lib/auth/password';
import { recordEvent } from '@/lib/services/audit/record-event';
import { isUniqueViolation } from '@/lib/services/db-errors';
import { forbidden, ServiceError } from '@/lib/services/errors';
import type { CreateUserInput } from '@/lib/validation/admin';
import { auditActor, type AdminActor } from './admin-actor';
import { assertAssignableCentre } from './centre-for-role';
import { getUser } from './list-users';
import type { UserView } from './user-view';

const EMAIL_TAKEN = 'An account with this email already exists.';
const emailTaken = () => new ServiceError(EMAIL_TAKEN, 'conflict', { email: [EMAIL_TAKEN] });

export async function createUser(db: Db, user: AdminActor, input: CreateUserInput): Promise<UserView> {
  if (!can(user, 'admin.users')) throw forbidden();
  const email = input.email.trim().toLowerCase();
  // Hash before opening the transaction: bcrypt takes a few hundred ms and must not hold locks.
  const passwordHash = await hashPassword(input.password);
  let id: number;
  try {
    id = await db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email)).limit(1);
      if (existing) throw emailTaken();
      const centre = await assertAssignableCentre(tx, input.role, input.centreId);
      const [row] = await tx.insert(users).values({
        email, displayName: input.displayName, role: input.role, centreId: centre?.id ?? null, passwordHash,
      }).returning({ id: users.id });
      if (!row) throw new Error('user insert returned nothing');
      await recordEvent(tx, {
        actor: auditActor(user), action: 'user_created', tableName: 'users', recordId: row.id, centreId: centre?.id ?? null,
        details: { email, displayName: input.displayName, role: input.role, centre: centre?.code ?? null },
      });
      return row.id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
  return getUser(db, user, id);
}
