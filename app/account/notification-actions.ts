'use server';
/** The account page's query-notice option (thin: session → permission → strict schema → service). */
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { authedAction } from '@/lib/actions/safe-action';
import { setQueryDigest } from '@/lib/services/account/set-query-digest';
import { queryDigestSchema } from '@/lib/validation/password-link';

// Only investigators receive notices of raised queries, so only they choose how ('query.answer').
export const setQueryDigestAction = authedAction('query.answer', queryDigestSchema, async ({ user }, input) => {
  const r = await setQueryDigest(await getDb(), user, input);
  revalidatePath('/account');
  return r;
});
