import Link from 'next/link';
import { LogoutButton } from './logout-button';
import { NavLink } from './nav-link';
import type { Role } from '@/lib/auth/permissions';

interface NavUser { displayName: string; role: Role; centreCode: string | null }

/** Links shown per role (a convenience: every page and action checks permissions itself). */
export function MainNav({ user }: { user: NavUser }) {
  return (
    <nav className="main-nav" aria-label="Main">
      <NavLink href="/patients">Patients</NavLink>
      <NavLink href="/dashboard">Dashboards</NavLink>
      {user.role !== 'investigator' ? <NavLink href="/audit">Audit trail</NavLink> : null}
      <NavLink href="/data">Import / export</NavLink>
      {user.role === 'admin' ? <NavLink href="/admin/users">Users</NavLink> : null}
      {user.role === 'admin' ? <NavLink href="/admin/centres">Centres</NavLink> : null}
      <span className="nav-user" data-testid="current-user">
        {/* The user's own account page (second factor, and other personal settings). */}
        <Link href="/account" title="Your account">{user.displayName}</Link> · {user.role}{user.centreCode ? ` · ${user.centreCode}` : ''}
      </span>
      <LogoutButton />
    </nav>
  );
}
