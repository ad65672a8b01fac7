/**
 * Schemas of the pages reached without a session: "forgot password" and the set-password page an
 * invitation or reset link opens. Same password rule as the admin pages (./admin.ts).
 */
import { z } from 'zod';
import { emailSchema, newPasswordSchema } from './admin';

export const forgotPasswordSchema = z.strictObject({ email: emailSchema });
export type ForgotPasswordInput = z.output<typeof forgotPasswordSchema>;

/** 32 random bytes in base64url are 43 characters; anything else cannot be one of ours. */
export const passwordTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This link is not valid.');

export const setPasswordWithLinkSchema = z.strictObject({
  token: passwordTokenSchema,
  password: newPasswordSchema,
  confirm: z.string(),
}).refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords differ.' });
export type SetPasswordWithLinkInput = z.output<typeof setPasswordWithLinkSchema>;

export const queryDigestSchema = z.strictObject({ digest: z.boolean() });
export type QueryDigestInput = z.output<typeof queryDigestSchema>;
