/**
 * Input of the token forms (account page: create, revoke; admin page: revoke). Strict: unknown keys
 * are refused, as for every server action. No server-only import: the create form reads the limits.
 */
import { z } from 'zod';

export const TOKEN_NAME_MAX_LENGTH = 80;
export const TOKEN_MAX_DAYS = 365;
export const TOKEN_DEFAULT_DAYS = 90;

export const createTokenSchema = z.strictObject({
  name: z.string().trim().min(1, 'Give the token a name (e.g. "R on my laptop").').max(TOKEN_NAME_MAX_LENGTH, `At most ${TOKEN_NAME_MAX_LENGTH} characters.`),
  days: z.coerce.number().int('Whole days.').min(1, 'At least 1 day.').max(TOKEN_MAX_DAYS, `At most ${TOKEN_MAX_DAYS} days (one year).`),
});

export const revokeTokenSchema = z.strictObject({ id: z.int().positive() });
