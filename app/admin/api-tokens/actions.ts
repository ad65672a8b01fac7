'use server';
/** Admin: revoke anyone's personal access token (thin: session → permission → strict schema → service). */
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { authedAction } from '@/lib/actions/safe-action';
import { revokeApiToken } from '@/lib/api/tokens';
import { revokeTokenSchema } from '@/lib/api/token-input';

export const adminRevokeApiTokenAction = authedAction('admin.users', revokeTokenSchema, async ({ user }, input) => {
  await revokeApiToken(await getDb(), user, input.id);
  revalidatePath('/admin/api-tokens');
  return { revoked: true };
});
