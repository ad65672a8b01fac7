import 'server-only';
/**
 * Creates an account, either with an initial password chosen by the admin (hashed with bcrypt) or,
 * without one, as an invitation: the account gets an unusable random password and the person an
 * e-mail with a single-use link (72 h) to choose their own, queued in the same transaction, so the
 * admin never sees the password.
 */
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import { hashPassword } from '@/lib/auth/password';
import { enqueueMail } from '@/lib/mail/outbox';
import { invitationMail } from '@/lib/services/account/mail-texts';
import { issuePasswordToken } from '@/lib/services/account/password-tokens';
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
  const invite = input.password === undefined;
  // An invited account's password is 32 random bytes nobody ever sees: no login until the link is used.
  const passwordHash = await hashPassword(input.password ?? randomBytes(32).toString('base64url'));
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
        details: { email, displayName: input.displayName, role: input.role, centre: centre?.code ?? null, ...(invite ? { invited: true } : {}) },
      });
      if (invite) {
        const token = await issuePasswordToken(tx, row.id, 'invitation');
        await enqueueMail(tx, invitationMail(email, input.displayName, token));
        await recordEvent(tx, {
          actor: auditActor(user), action: 'invitation_sent', tableName: 'users', recordId: row.id, centreId: centre?.id ?? null,
          details: { email, expiresInHours: 72 },
        });
      }
      return row.id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
  return getUser(db, user, id);
}
