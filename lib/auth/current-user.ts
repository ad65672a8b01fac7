import 'server-only';
/**
 * The current user, re-read from the database on every request (deduplicated within one render
 * with React's cache). Pages use requireUser(); actions go through lib/actions/safe-action.ts.
 */
import { cache } from 'react';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { getServerSession } from 'next-auth';
import { getDb } from '@/db/client';
import { getAuthOptions } from './next-auth-options';
import { loginHref, REQUEST_PATH_HEADER } from './callback-url';
import { can, type Permission } from './permissions';
import { resolveSession, type CurrentUser } from './sessions';
import { noteRequestUser } from '@/lib/log/request-context';

export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(getAuthOptions());
  if (!session?.sid) return null;
  const user = await resolveSession(await getDb(), session.sid);
  // The access log line names the user by id (scripts/server.ts); never by e-mail or name.
  if (user) noteRequestUser(user.id);
  return user;
});

export async function requireUser(permission?: Permission): Promise<CurrentUser> {
  const user = await getCurrentUser();
  // Back to the page asked for after logging in (proxy.ts names it; callback-url.ts refuses other origins).
  if (!user) redirect(loginHref((await headers()).get(REQUEST_PATH_HEADER)));
  // 403 with app/forbidden.tsx, at the address asked for (needs experimental.authInterrupts).
  if (permission && !can(user, permission)) forbidden();
  return user;
}
