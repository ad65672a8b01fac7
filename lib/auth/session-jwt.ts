/**
 * next-auth's session JWT (and its OAuth check cookies), in next-auth's own format — JWE `dir` +
 * A256GCM with the key derived from the secret by HKDF — but with the derived key kept per secret
 * and salt instead of derived again for every token.
 *
 * Why: next-auth/jwt's encode/decode run HKDF on every call, through the libuv thread pool, and a
 * request costs three of them (proxy.ts checks the cookie, getServerSession decodes it and encodes
 * the refreshed token). The CPU profile of a CRF save showed them at ~4 % of the instance's busy time,
 * and each is a thread-pool round trip that waits behind zlib and file work under load (issue 17).
 * Tokens are interchangeable with next-auth's (session-jwt.test.ts), so sessions survive the change.
 */
import { hkdfSync, randomUUID } from 'node:crypto';
import { EncryptJWT, jwtDecrypt, type JWTPayload } from 'jose';
import type { JWT, JWTDecodeParams, JWTEncodeParams } from 'next-auth/jwt';

const DEFAULT_MAX_AGE = 30 * 24 * 60 * 60;
const keys = new Map<string, Uint8Array>();

/** next-auth v4's getDerivedEncryptionKey, once per secret and salt (a handful per process). */
function derivedKey(secret: string | Buffer, salt: string): Uint8Array {
  const id = `${typeof secret === 'string' ? secret : secret.toString('base64')}\u0000${salt}`;
  let key = keys.get(id);
  if (!key) {
    const info = `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ''}`;
    key = new Uint8Array(hkdfSync('sha256', secret, salt, info, 32));
    keys.set(id, key);
  }
  return key;
}

export async function encodeSessionJwt({ token = {}, secret, maxAge = DEFAULT_MAX_AGE, salt = '' }: JWTEncodeParams): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new EncryptJWT(token as JWTPayload).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt(now).setExpirationTime(now + maxAge).setJti(randomUUID()).encrypt(derivedKey(secret, salt));
}

export async function decodeSessionJwt({ token, secret, salt = '' }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const { payload } = await jwtDecrypt(token, derivedKey(secret, salt), { clockTolerance: 15 });
  return payload as JWT;
}
