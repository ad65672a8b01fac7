'use server';
/** The account page's personal access tokens (thin: session → permission → strict schema → service). */
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { authedAction } from '@/lib/actions/safe-action';
import { createApiToken, revokeApiToken } from '@/lib/api/tokens';
import { createTokenSchema, revokeTokenSchema } from '@/lib/api/token-input';

// Every role may read some registry data ('patient.read'), so every role may make a read-only token.
export const createApiTokenAction = authedAction('patient.read', createTokenSchema, async ({ user }, input) => {
  const created = await createApiToken(await getDb(), user, input);
  revalidatePath('/account');
  // The token itself goes back once, to be shown once; only its hash is stored.
  return { id: created.id, token: created.token, name: created.name, expiresAt: created.expiresAt.toISOString() };
});

export const revokeApiTokenAction = authedAction('patient.read', revokeTokenSchema, async ({ user }, input) => {
  await revokeApiToken(await getDb(), user, input.id);
  revalidatePath('/account');
  return { revoked: true };
});
