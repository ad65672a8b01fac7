/**
 * Encryption at rest of TOTP secrets (AES-256-GCM). A database dump alone must not let anyone
 * compute a user's codes.
 *
 * The key: TOTP_ENCRYPTION_KEY when set (production: a key of its own, so the session secret can be
 * rotated without touching second factors), otherwise derived from the auth secret (so the demo and
 * a first installation work with no extra setting). Both go through HKDF with a purpose label, so
 * the derived key is never the session-signing key itself. Each ciphertext names which kind of key
 * sealed it ("k" dedicated, "s" auth secret): when the key is missing or changed, decryption fails
 * with a message that says so instead of accepting or refusing codes at random. Rotating the key
 * that sealed them makes every enrolment unreadable: those users need an admin reset (docs/admin.md).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { authSecret, env } from '@/lib/env';

const VERSION = 'v1';

export class SecretBoxError extends Error {}

function currentKey(): { kid: 'k' | 's'; key: Buffer } {
  const dedicated = env().TOTP_ENCRYPTION_KEY;
  if (dedicated !== undefined && dedicated.trim().length < 32) {
    throw new SecretBoxError('TOTP_ENCRYPTION_KEY is shorter than 32 characters.');
  }
  const kid = dedicated ? 'k' : 's';
  const ikm = dedicated ?? authSecret();
  return { kid, key: Buffer.from(hkdfSync('sha256', ikm, 'cll-registry', 'totp-secret-at-rest-v1', 32)) };
}

export function sealSecret(plain: string): string {
  const { kid, key } = currentKey();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, kid, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

export function openSecret(sealed: string): string {
  const [version, kid, iv, tag, ct] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || ct === undefined) throw new SecretBoxError('Stored second factor has an unknown format.');
  const { kid: nowKid, key } = currentKey();
  const which = kid === 'k' ? 'TOTP_ENCRYPTION_KEY' : 'the auth secret (NEXTAUTH_SECRET)';
  if (kid !== nowKid) throw new SecretBoxError(`Stored second factor was sealed with ${which}, which is not the key in use now.`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError(`Stored second factor cannot be decrypted: ${which} has changed since enrolment.`);
  }
}
