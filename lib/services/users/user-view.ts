import 'server-only';
/** What the admin pages show of an account. Built field by field: the password hash never leaves the server. */
import type { Role } from '@/lib/auth/permissions';

export interface UserView {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  centreId: number | null;
  centreCode: string | null;
  active: boolean;
  /** ISO time of the last session opened (a successful login), or null if never. */
  lastLoginAt: string | null;
  createdAt: string;
}

export interface UserViewSource {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  centreId: number | null;
  centreCode: string | null;
  active: boolean;
  lastLoginAt: Date | string | null;
  createdAt: Date;
}

export function toUserView(r: UserViewSource): UserView {
  return {
    id: r.id, email: r.email, displayName: r.displayName, role: r.role, centreId: r.centreId,
    centreCode: r.centreCode, active: r.active,
    lastLoginAt: r.lastLoginAt === null ? null : new Date(r.lastLoginAt).toISOString(),
    createdAt: r.createdAt.toISOString(),
  };
}
