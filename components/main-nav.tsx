import Link from 'next/link';
import { LogoutButton } from './logout-button';
import type { Role } from '@/lib/auth/permissions';

interface NavUser { displayName: string; role: Role; centreCode: string | null }

/** Links shown per role (a convenience: every page and action checks permissions itself). */
export function MainNav({ user }: { user: NavUser }) {
  return (
    <nav className="main-nav" aria-label="Main">
      <Link href="/patients">Patients</Link>
      <Link href="/dashboard">Dashboards</Link>
      {user.role !== 'investigator' ? <Link href="/audit">Audit trail</Link> : null}
      <Link href="/data">Import / export</Link>
      {user.role === 'admin' ? <Link href="/admin/users">Users</Link> : null}
      {user.role === 'admin' ? <Link href="/admin/centres">Centres</Link> : null}
      <span className="nav-user" data-testid="current-user">
        {user.displayName} · {user.role}{user.centreCode ? ` · ${user.centreCode}` : ''}
      </span>
      <LogoutButton />
    </nav>
  );
}
