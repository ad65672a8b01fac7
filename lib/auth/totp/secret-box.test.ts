import { afterEach, describe, expect, it, vi } from 'vitest';

async function box(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return import('./secret-box');
}

describe('TOTP secret at rest', () => {
  afterEach(() => { delete process.env.TOTP_ENCRYPTION_KEY; });

  it('round-trips, never contains the secret and differs each time (fresh IV)', async () => {
    const { sealSecret, openSecret } = await box({ NEXTAUTH_SECRET: 'a'.repeat(32), TOTP_ENCRYPTION_KEY: undefined });
    const a = sealSecret('JBSWY3DPEHPK3PXP');
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(a).not.toBe(sealSecret('JBSWY3DPEHPK3PXP'));
    expect(openSecret(a)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('says which key changed instead of accepting or refusing codes at random', async () => {
    let m = await box({ NEXTAUTH_SECRET: 'a'.repeat(32), TOTP_ENCRYPTION_KEY: undefined });
    const sealed = m.sealSecret('JBSWY3DPEHPK3PXP');
    m = await box({ NEXTAUTH_SECRET: 'b'.repeat(32) });
    expect(() => m.openSecret(sealed)).toThrow(/auth secret \(NEXTAUTH_SECRET\) has changed/);
    m = await box({ TOTP_ENCRYPTION_KEY: 'k'.repeat(40) });
    expect(() => m.openSecret(sealed)).toThrow(/not the key in use now/);
    // With a dedicated key the auth secret can be rotated freely.
    const dedicated = m.sealSecret('JBSWY3DPEHPK3PXP');
    m = await box({ NEXTAUTH_SECRET: 'c'.repeat(32), TOTP_ENCRYPTION_KEY: 'k'.repeat(40) });
    expect(m.openSecret(dedicated)).toBe('JBSWY3DPEHPK3PXP');
  });
});
