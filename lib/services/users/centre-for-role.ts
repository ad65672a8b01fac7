import 'server-only';
/** The centre rule of accounts: investigators need an active centre, other roles have none. */
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { centres } from '@/db/schema';
import type { Role } from '@/lib/auth/permissions';
import { invalid } from '@/lib/services/errors';

export async function assertAssignableCentre(
  tx: Tx, role: Role, centreId: number | null,
): Promise<{ id: number; code: string } | null> {
  if (role !== 'investigator') {
    if (centreId !== null) throw invalid('Only investigators belong to a centre.', { centreId: ['Only investigators belong to a centre: leave it empty for this role.'] });
    return null;
  }
  if (centreId === null) throw invalid('An investigator must belong to a centre.', { centreId: ['An investigator must belong to a centre.'] });
  const [centre] = await tx.select({ id: centres.id, code: centres.code, active: centres.active })
    .from(centres).where(eq(centres.id, centreId)).limit(1);
  if (!centre) throw invalid('That centre does not exist.', { centreId: ['That centre does not exist.'] });
  if (!centre.active) throw invalid(`Centre ${centre.code} is inactive.`, { centreId: [`Centre ${centre.code} is inactive: reactivate it first.`] });
  return { id: centre.id, code: centre.code };
}
