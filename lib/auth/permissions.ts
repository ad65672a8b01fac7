/**
 * The one permission table (role → permissions) and the one function that checks it.
 * Centre scope: an investigator may act only on their own centre's records; other roles see all.
 * Services call `can`/`assertCan` for every call; UI hiding is only a convenience.
 */
export const PERMISSIONS = [
  'patient.read', 'patient.create', 'crf.write', 'crf.verify', 'crf.lock', 'crf.unlock',
  'query.raise', 'query.answer', 'query.close', 'dashboard.view', 'data.export', 'data.import',
  'audit.view', 'admin.centres', 'admin.users',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
export type Role = 'admin' | 'coordinator' | 'investigator';

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ['patient.read', 'dashboard.view', 'data.export', 'data.import', 'audit.view', 'admin.centres', 'admin.users'],
  coordinator: [
    'patient.read', 'crf.verify', 'crf.lock', 'crf.unlock', 'query.raise', 'query.close',
    'dashboard.view', 'data.export', 'data.import', 'audit.view',
  ],
  investigator: ['patient.read', 'patient.create', 'crf.write', 'query.answer', 'dashboard.view', 'data.export', 'data.import'],
};

export interface Principal {
  id: number;
  role: Role;
  centreId: number | null;
}

/** A record's centre, when the permission concerns one. */
export interface Scope { centreId: number }

export function can(user: Principal, permission: Permission, scope?: Scope): boolean {
  if (!ROLE_PERMISSIONS[user.role].includes(permission)) return false;
  if (scope && user.role === 'investigator') return user.centreId !== null && user.centreId === scope.centreId;
  return true;
}

/** Centres whose patient data the user may read: null means all centres. */
export function centreFilter(user: Principal): number[] | null {
  if (user.role === 'investigator') return user.centreId === null ? [] : [user.centreId];
  return null;
}
