/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30 s steps — what every authenticator app reads) through the
 * otpauth library. Codes are accepted one step either side of now (clock drift, a code typed as it
 * changes); the caller gets the time step the code belongs to, so it can refuse a second use.
 */
import { Secret, TOTP } from 'otpauth';

export const TOTP_PERIOD = 30;
export const TOTP_WINDOW = 1;
export const TOTP_ISSUER = 'CLL Registry';

function totp(secretBase32: string, label = 'user'): TOTP {
  return new TOTP({ issuer: TOTP_ISSUER, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD, secret: Secret.fromBase32(secretBase32) });
}

/** A fresh 160-bit secret (RFC 4226's recommended length), base32 as apps expect it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUri(secretBase32: string, email: string): string {
  return totp(secretBase32, email).toString();
}

/** The time step of `code` if it is valid within ±TOTP_WINDOW steps of `at`, else null. */
export function matchTotpStep(secretBase32: string, code: string, at = Date.now()): number | null {
  const t = totp(secretBase32);
  const delta = t.validate({ token: code, timestamp: at, window: TOTP_WINDOW });
  return delta === null ? null : t.counter({ timestamp: at }) + delta;
}

/** The code for a moment (tests, and nothing else in the app: users type codes from their app). */
export function totpCodeAt(secretBase32: string, at = Date.now()): string {
  return totp(secretBase32).generate({ timestamp: at });
}
