/**
 * Recovery codes: ten per enrolment, shown once, stored as SHA-256 hashes. Each has about 59 random bits
 * (12 characters of a 31-character alphabet without 0/O/1/I/L), too many to guess before the second
 * factor throttle stops a caller, so a slow password hash would add nothing but login latency.
 */
import { createHash, randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 12;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    let s = '';
    for (let i = 0; i < LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
  });
}

/** Case, spaces and dashes do not matter when typed back. */
export function normaliseRecoveryCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export function looksLikeRecoveryCode(input: string): boolean {
  const n = normaliseRecoveryCode(input);
  return n.length === LENGTH && [...n].every((ch) => ALPHABET.includes(ch));
}

export function hashRecoveryCode(input: string): string {
  return createHash('sha256').update(normaliseRecoveryCode(input)).digest('hex');
}
