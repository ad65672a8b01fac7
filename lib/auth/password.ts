/**
 * Password hashing with bcrypt (bcryptjs: maintained, pure JS, so no native build or postinstall).
 * Cost 12 (OWASP ASVS asks ≥ 10). bcrypt reads at most 72 bytes: we cap passwords at 72 UTF-8 bytes
 * and say so, instead of silently ignoring the tail.
 */
import bcrypt from 'bcryptjs';
import { z } from 'zod';

export const BCRYPT_COST = 12;

export const passwordSchema = z
  .string()
  .min(8, 'Password must be at least 8 characters.')
  .refine((p) => Buffer.byteLength(p, 'utf8') <= 72, 'Password must be at most 72 bytes (about 72 plain characters).');

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, BCRYPT_COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

/** A hash to compare against when the account does not exist, so timing does not reveal accounts. */
export const DUMMY_HASH = '$2b$12$C6UzMDM.H6dfI/f/IKxGhuJ4bqaQm8FqOiFXUAyQxm5k3Gq8b3t9e';
