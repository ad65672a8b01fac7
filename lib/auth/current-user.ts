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
import { loginHref, REQUEST_PATH_HEADER, safeCallbackPath } from './callback-url';
import { can, type Permission } from './permissions';
import { resolveSessionState, type CurrentUser, type SessionState } from './sessions';
import { noteRequestUser } from '@/lib/log/request-context';

/** The session's state, pending second factor included: only the second-factor pages read this. */
export const getSessionState = cache(async (): Promise<SessionState | null> => {
  const session = await getServerSession(getAuthOptions());
  if (!session?.sid) return null;
  const state = await resolveSessionState(await getDb(), session.sid);
  // The access log line names the user by id (scripts/server.ts); never by e-mail or name.
  if (state) noteRequestUser(state.user.id);
  return state;
});

/** The logged-in user; a session still waiting for its second factor is no login (sessions.ts). */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const state = await getSessionState();
  return state?.kind === 'full' ? state.user : null;
});

/** Where a pending session must go: the code page, or enrolment when its role requires a second factor. */
export function secondFactorHref(step: 'code' | 'enrol', path: string | null | undefined): string {
  const safe = safeCallbackPath(path);
  const query = safe && safe !== '/' ? `?${new URLSearchParams({ callbackUrl: safe })}` : '';
  return `${step === 'code' ? '/login/two-factor' : '/account/two-factor'}${query}`;
}

export async function requireUser(permission?: Permission): Promise<CurrentUser> {
  const user = await getCurrentUser();
  // Back to the page asked for after logging in (proxy.ts names it; callback-url.ts refuses other origins).
  if (!user) {
    const path = (await headers()).get(REQUEST_PATH_HEADER);
    const state = await getSessionState();
    if (state?.kind === 'pending') redirect(secondFactorHref(state.step, path));
    redirect(loginHref(path));
  }
  // 403 with app/forbidden.tsx, at the address asked for (needs experimental.authInterrupts).
  if (permission && !can(user, permission)) forbidden();
  return user;
}
