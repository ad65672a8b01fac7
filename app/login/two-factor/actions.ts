'use server';
/** The code step of a login: only a session waiting for its code may call it (second-factor-action.ts). */
import { headers } from 'next/headers';
import { getDb } from '@/db/client';
import { secondFactorAction } from '@/lib/actions/second-factor-action';
import { clientIpFromHeaders } from '@/lib/http/client-ip';
import { invalid } from '@/lib/services/errors';
import { verifySecondFactor } from '@/lib/services/two-factor/verify-second-factor';
import { secondFactorCodeSchema } from '@/lib/validation/two-factor';

export const verifySecondFactorAction = secondFactorAction(['code'], secondFactorCodeSchema, async ({ user }, input) => {
  const ip = clientIpFromHeaders(Object.fromEntries(await headers()));
  const r = await verifySecondFactor(await getDb(), { id: user.id, email: user.email, sessionId: user.sessionId }, input.code, ip);
  if (!r.ok) throw invalid(r.message, { code: [r.message] });
  return { method: r.method, recoveryCodesLeft: r.recoveryCodesLeft };
});
