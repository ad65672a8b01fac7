import 'server-only';
/** The caller of an admin verb: a principal (for `can`) plus the label written to the audit trail. */
import type { Actor } from '@/db/audit-context';
import type { Principal } from '@/lib/auth/permissions';

export type AdminActor = Principal & { email: string };

export function auditActor(user: AdminActor): Actor {
  return { id: user.id, label: user.email };
}
