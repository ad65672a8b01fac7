/**
 * For administrators and operators: fails on purpose, so the error path can be checked on a live
 * installation without waiting for a real failure. The page must show the error screen with a
 * reference, and the server log must hold one "server error" line with the same request id
 * (docs/admin.md, "Checking the error log"). Admins only; nothing is read or written.
 */
import { requireUser } from '@/lib/auth/current-user';

export const metadata = { title: 'Error check' };

class ErrorCheckFailure extends Error {
  override name = 'ErrorCheckFailure';
}

export default async function ErrorCheckPage() {
  await requireUser('admin.users');
  throw new ErrorCheckFailure('Deliberate failure from /admin/error-check (checks error logging and the error page).');
}
