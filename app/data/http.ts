import 'server-only';
/** Shared guards of the data and audit route handlers (they are public endpoints: check everything). */
import { getCurrentUser } from '@/lib/auth/current-user';
import { can, type Permission } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { isSameOrigin } from '@/lib/http/same-origin';

export const noStore = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

export function jsonError(status: number, message: string): Response {
  return Response.json({ ok: false, message }, { status, headers: noStore });
}

/** The session's user with the permission, or the error response to return. */
export async function guard(request: Request, permission: Permission): Promise<CurrentUser | Response> {
  if (request.method !== 'GET') {
    // Cross-site POSTs are refused (route handlers have no built-in Origin check, unlike server actions).
    if (!isSameOrigin(request.headers)) return jsonError(403, 'Cross-site request refused.');
  }
  const user = await getCurrentUser();
  if (!user) return jsonError(401, 'Your session has ended. Please log in again.');
  if (!can(user, permission)) return jsonError(403, 'You are not allowed to do this.');
  return user;
}

export function attachment(fileName: string): string {
  return `attachment; filename="${fileName.replace(/[^\w.-]+/g, '_')}"`;
}
