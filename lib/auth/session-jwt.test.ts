import { decode, encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { decodeSessionJwt, encodeSessionJwt } from './session-jwt';

const secret = 'a-test-secret-of-more-than-16-chars';

describe('session JWT with a cached key', () => {
  it('reads tokens next-auth wrote and next-auth reads ours (sessions survive the switch both ways)', async () => {
    const theirs = await encode({ token: { sid: 's-1', sub: '7' }, secret, maxAge: 3600 });
    expect(await decodeSessionJwt({ token: theirs, secret })).toMatchObject({ sid: 's-1', sub: '7' });
    const ours = await encodeSessionJwt({ token: { sid: 's-2' }, secret, maxAge: 3600 });
    const back = await decode({ token: ours, secret });
    expect(back).toMatchObject({ sid: 's-2' });
    expect((back?.exp as number) - (back?.iat as number)).toBe(3600);
    expect(typeof back?.jti).toBe('string');
  });

  it('a salt (next-auth\'s OAuth check cookies) derives its own key, as next-auth does', async () => {
    const theirs = await encode({ token: { value: 'state' }, secret, salt: 'next-auth.state' });
    expect(await decodeSessionJwt({ token: theirs, secret, salt: 'next-auth.state' })).toMatchObject({ value: 'state' });
    await expect(decodeSessionJwt({ token: theirs, secret })).rejects.toThrow();
    const ours = await encodeSessionJwt({ token: { value: 'pkce' }, secret, salt: 'next-auth.pkce.code_verifier' });
    expect(await decode({ token: ours, secret, salt: 'next-auth.pkce.code_verifier' })).toMatchObject({ value: 'pkce' });
  });

  it('refuses a token made with another secret, a tampered one and an expired one', async () => {
    const other = await encodeSessionJwt({ token: { sid: 'x' }, secret: 'another-secret-of-16-chars-or-more' });
    await expect(decodeSessionJwt({ token: other, secret })).rejects.toThrow();
    const ours = await encodeSessionJwt({ token: { sid: 'x' }, secret });
    const parts = ours.split('.');
    parts[3] = `${parts[3]?.startsWith('A') ? 'B' : 'A'}${parts[3]?.slice(1) ?? ''}`;
    await expect(decodeSessionJwt({ token: parts.join('.'), secret })).rejects.toThrow();
    const expired = await encodeSessionJwt({ token: { sid: 'x' }, secret, maxAge: -60 });
    await expect(decodeSessionJwt({ token: expired, secret })).rejects.toThrow(/exp/);
    expect(await decodeSessionJwt({ token: undefined, secret })).toBeNull();
  });
});
