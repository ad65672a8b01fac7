import { describe, expect, it } from 'vitest';
import { ssoConfigFrom, wellKnownUrl } from './sso-config';

const base = { OIDC_DISPLAY_NAME: 'Szpital Kliniczny', OIDC_TRUST_IDP_EMAIL: 'off', SSO_WAIVES_2FA: 'true' } as const;
const full = { ...base, OIDC_ISSUER: 'https://idp.szpital.example/realms/staff', OIDC_CLIENT_ID: 'cll', OIDC_CLIENT_SECRET: 's3cret' };

describe('ssoConfigFrom (OIDC_* settings)', () => {
  it('is off when no OIDC_* setting is given', () => {
    expect(ssoConfigFrom(base)).toBeNull();
  });

  it('reads a full configuration, strict about e-mails and waiving the second factor by default', () => {
    expect(ssoConfigFrom(full)).toEqual({
      issuer: 'https://idp.szpital.example/realms/staff', clientId: 'cll', clientSecret: 's3cret',
      displayName: 'Szpital Kliniczny', trustIdpEmail: false, waivesSecondFactor: true,
    });
    expect(ssoConfigFrom({ ...full, OIDC_TRUST_IDP_EMAIL: 'on', SSO_WAIVES_2FA: 'false' })).toMatchObject({ trustIdpEmail: true, waivesSecondFactor: false });
  });

  it('refuses a half configuration, naming what is missing', () => {
    expect(() => ssoConfigFrom({ ...base, OIDC_ISSUER: full.OIDC_ISSUER })).toThrow('set OIDC_CLIENT_ID, OIDC_CLIENT_SECRET too');
    expect(() => ssoConfigFrom({ ...full, OIDC_CLIENT_SECRET: undefined })).toThrow('set OIDC_CLIENT_SECRET too');
  });

  it('finds the discovery document under the issuer, with or without a trailing slash', () => {
    expect(wellKnownUrl('https://idp.example/realms/staff')).toBe('https://idp.example/realms/staff/.well-known/openid-configuration');
    expect(wellKnownUrl('https://idp.example/')).toBe('https://idp.example/.well-known/openid-configuration');
  });
});
