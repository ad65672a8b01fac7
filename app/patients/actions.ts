'use server';
/**
 * CRF server actions: thin adapters (session → permission → strict zod parse → service), all
 * built with authedAction. Services re-check permission and centre scope for every call.
 */
import { getDb } from '@/db/client';
import { authedAction } from '@/lib/actions/safe-action';
import { registerPatient } from '@/lib/services/crf/register-patient';
import { saveBaseline } from '@/lib/services/crf/save-baseline';
import { saveResponse } from '@/lib/services/crf/save-response';
import { saveDiscontinuation } from '@/lib/services/crf/save-discontinuation';
import { saveTherapies } from '@/lib/services/crf/save-therapies';
import { saveFollowUp } from '@/lib/services/crf/save-follow-up';
import { setFormStatus } from '@/lib/services/crf/set-form-status';
import { signForm } from '@/lib/services/crf/sign-form';
import { unlockForm } from '@/lib/services/crf/unlock-form';
import { raiseQuery } from '@/lib/services/crf/raise-query';
import { answerQuery } from '@/lib/services/crf/answer-query';
import { closeQuery } from '@/lib/services/crf/close-query';
import { registerPatientSchema } from '@/lib/validation/patient';
import { saveBaselineSchema } from '@/lib/validation/baseline';
import { saveResponseSchema } from '@/lib/validation/response';
import { saveDiscontinuationSchema } from '@/lib/validation/discontinuation';
import { saveTherapiesSchema } from '@/lib/validation/therapies';
import { saveFollowUpSchema } from '@/lib/validation/follow-up';
import {
  answerQuerySchema, closeQuerySchema, raiseQuerySchema, setFormStatusSchema, signFormSchema, unlockFormSchema,
} from '@/lib/validation/workflow';

export const registerPatientAction = authedAction('patient.create', registerPatientSchema, async ({ user }, input) => registerPatient(await getDb(), user, input));
export const saveBaselineAction = authedAction('crf.write', saveBaselineSchema, async ({ user }, input) => saveBaseline(await getDb(), user, input));
export const saveResponseAction = authedAction('crf.write', saveResponseSchema, async ({ user }, input) => saveResponse(await getDb(), user, input));
export const saveDiscontinuationAction = authedAction('crf.write', saveDiscontinuationSchema, async ({ user }, input) => saveDiscontinuation(await getDb(), user, input));
export const saveTherapiesAction = authedAction('crf.write', saveTherapiesSchema, async ({ user }, input) => saveTherapies(await getDb(), user, input));
export const saveFollowUpAction = authedAction('crf.write', saveFollowUpSchema, async ({ user }, input) => saveFollowUp(await getDb(), user, input));
/** Marking complete needs crf.write, verifying crf.verify: the service checks the one the target status needs. */
export const markCompleteAction = authedAction('crf.write', setFormStatusSchema, async ({ user }, input) => setFormStatus(await getDb(), user, { ...input, status: 'complete' }));
export const verifyFormAction = authedAction('crf.verify', setFormStatusSchema, async ({ user }, input) => setFormStatus(await getDb(), user, { ...input, status: 'verified' }));
export const signFormAction = authedAction('crf.lock', signFormSchema, async ({ user }, input) => signForm(await getDb(), user, input));
export const unlockFormAction = authedAction('crf.unlock', unlockFormSchema, async ({ user }, input) => unlockForm(await getDb(), user, input));
export const raiseQueryAction = authedAction('query.raise', raiseQuerySchema, async ({ user }, input) => raiseQuery(await getDb(), user, input));
export const answerQueryAction = authedAction('query.answer', answerQuerySchema, async ({ user }, input) => answerQuery(await getDb(), user, input));
export const closeQueryAction = authedAction('query.close', closeQuerySchema, async ({ user }, input) => closeQuery(await getDb(), user, input));
