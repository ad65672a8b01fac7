/** Small builders for integration tests: centres, users (bcrypt cost as in production), patients. */
import bcrypt from 'bcryptjs';
import type { Db } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { centres, patients, users } from '@/db/schema';
import type { Principal, Role } from '@/lib/auth/permissions';

// Hash once per process: tests create many users and only a few check the cost.
const hashCache = new Map<string, string>();
export async function hash(pw: string): Promise<string> {
  let h = hashCache.get(pw);
  if (!h) { h = await bcrypt.hash(pw, 10); hashCache.set(pw, h); }
  return h;
}

export async function makeCentre(db: Db, code: string, active = true) {
  const [c] = await db.insert(centres).values({ code, name: `Centre ${code}`, city: 'Test', active }).returning();
  if (!c) throw new Error('centre not created');
  return c;
}

export async function makeUser(db: Db, opts: { email: string; role: Role; centreId?: number | null; password?: string; active?: boolean }) {
  const [u] = await db.insert(users).values({
    email: opts.email, displayName: opts.email.split('@')[0] ?? opts.email, role: opts.role,
    centreId: opts.centreId ?? null, passwordHash: await hash(opts.password ?? 'correct horse battery'),
    active: opts.active ?? true,
  }).returning();
  if (!u) throw new Error('user not created');
  return u;
}

export function principal(u: { id: number; role: Role; centreId: number | null }): Principal {
  return { id: u.id, role: u.role, centreId: u.centreId };
}

export async function makePatient(db: Db, centre: { id: number; code: string }, seq: number, actorId: number) {
  return db.transaction(async (tx) => {
    await setAuditContext(tx, { id: actorId, label: `user ${actorId}` });
    const code = `${centre.code}-${String(seq).padStart(3, '0')}`;
    const [p] = await tx.insert(patients).values({ code, centreId: centre.id, seq, sex: 'female', birthYear: 1950, createdBy: actorId }).returning();
    if (!p) throw new Error('patient not created');
    return p;
  });
}
