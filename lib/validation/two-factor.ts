import { z } from 'zod';

/** A TOTP code (6 digits) or a recovery code (XXXX-XXXX-XXXX); the service tells them apart. */
export const secondFactorCodeSchema = z.object({
  code: z.string().trim().min(1, 'Enter the code.').max(32, 'That is not a code.'),
}).strict();

export const resetSecondFactorSchema = z.object({ id: z.number().int().positive() }).strict();

/** Starting a set-up replaces an unconfirmed secret: the caller says so explicitly (an empty call is refused). */
export const startEnrolmentSchema = z.object({ start: z.literal(true) }).strict();
