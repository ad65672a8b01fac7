'use server';
/**
 * Enrolment of a second factor: for a logged-in user, and for a session held at enrolment because
 * its role requires one (second-factor-action.ts). The QR code is drawn here, on the server.
 */
import { getDb } from '@/db/client';
import { secondFactorAction } from '@/lib/actions/second-factor-action';
import { qrCodeDataUrl } from '@/lib/auth/totp/qr';
import { confirmEnrolment, startEnrolment } from '@/lib/services/two-factor/enrolment';
import { secondFactorCodeSchema, startEnrolmentSchema } from '@/lib/validation/two-factor';

export const startEnrolmentAction = secondFactorAction(['full', 'enrol'], startEnrolmentSchema, async ({ user }) => {
  const { secret, uri } = await startEnrolment(await getDb(), { id: user.id, email: user.email, sessionId: user.sessionId });
  return { secret, uri, qr: await qrCodeDataUrl(uri) };
});

export const confirmEnrolmentAction = secondFactorAction(['full', 'enrol'], secondFactorCodeSchema, async ({ user }, input) => {
  return confirmEnrolment(await getDb(), { id: user.id, email: user.email, sessionId: user.sessionId }, input.code);
});
