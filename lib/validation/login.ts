/**
 * What the login form may send. Caps are checked before anything is written (issue 11 item 9):
 * no account can have a longer e-mail (admin.ts emailSchema: 254, the SMTP path limit), and a
 * password longer than 1,024 characters is no password a person types (bcrypt reads 72 bytes).
 * Over-long input gets the generic refusal and leaves no trace: no password is checked, so there is
 * no guess to count, and an attacker-sized label must not reach login_attempts or audit_log.
 */
import { z } from 'zod';

export const LOGIN_EMAIL_MAX = 254;
export const LOGIN_PASSWORD_MAX = 1024;

export const loginCredentialsSchema = z.object({
  email: z.string().trim().toLowerCase().min(1).max(LOGIN_EMAIL_MAX),
  password: z.string().min(1).max(LOGIN_PASSWORD_MAX),
});
export type LoginCredentials = z.output<typeof loginCredentialsSchema>;
