import 'server-only';
/**
 * The words of every mail. Rule: no patient data beyond the pseudonym (patient code) — no dates,
 * values or free text of a form; a query's question and answer stay in the registry too, since an
 * investigator may have written clinical details into them.
 */
import { appLink } from '@/lib/mail/config';
import type { OutgoingMail } from '@/lib/mail/outbox';
import { SET_PASSWORD_PATH, TOKEN_TTL_MINUTES } from './password-tokens';

const SIGNATURE = '\n-- \nCLL Registry (this message was sent automatically; replies are not read)';
const tokenLink = (token: string) => appLink(`${SET_PASSWORD_PATH}?token=${encodeURIComponent(token)}`);

export function invitationMail(to: string, displayName: string, token: string): OutgoingMail {
  return {
    kind: 'invitation', to, subject: 'Your CLL Registry account',
    text: [
      `Hello ${displayName},`, '',
      'An administrator has created an account for you in the CLL Registry.',
      'Choose your password with this link (it works once and expires in 72 hours):', '',
      tokenLink(token), '',
      `Then log in with this e-mail address (${to}).`,
      'If you did not expect this message, ignore it.', SIGNATURE,
    ].join('\n'),
  };
}

export function passwordResetMail(to: string, token: string): OutgoingMail {
  return {
    kind: 'password_reset', to, subject: 'CLL Registry: reset your password',
    text: [
      'Someone (probably you) asked to reset the password of your CLL Registry account.',
      `Choose a new password with this link (it works once and expires in ${TOKEN_TTL_MINUTES.password_reset} minutes):`, '',
      tokenLink(token), '',
      'All your open sessions end when the new password is set.',
      'If you did not ask for this, ignore this message: your password stays as it is.', SIGNATURE,
    ].join('\n'),
  };
}

export interface QueryNotice { patientCode: string; form: string; field: string }

export const queryNoticeLine = (q: QueryNotice) => `patient ${q.patientCode}, form "${q.form}", field "${q.field}"`;

export function queryRaisedMail(to: string, q: QueryNotice): OutgoingMail {
  return {
    kind: 'query_raised', to, subject: `CLL Registry: data query on patient ${q.patientCode}`,
    text: [
      `A coordinator raised a data query on ${queryNoticeLine(q)}.`, '',
      `Read and answer it in the registry: ${appLink(`/patients/${encodeURIComponent(q.patientCode)}`)}`, '',
      'You can choose one daily digest instead of a mail per query on your account page.', SIGNATURE,
    ].join('\n'),
  };
}

export function queryAnsweredMail(to: string, q: QueryNotice): OutgoingMail {
  return {
    kind: 'query_answered', to, subject: `CLL Registry: your data query on patient ${q.patientCode} was answered`,
    text: [
      `The data query you raised on ${queryNoticeLine(q)} has been answered.`, '',
      `Review it in the registry: ${appLink(`/patients/${encodeURIComponent(q.patientCode)}`)}`, SIGNATURE,
    ].join('\n'),
  };
}
