/** The registry's client at the e2e OpenID Connect provider (scripts/e2e-oidc-provider.ts); test values only. */
export const E2E_OIDC_CLIENT_ID = 'cll-registry-e2e';
export const E2E_OIDC_CLIENT_SECRET = 'e2e-oidc-secret-not-for-production-0123456789';
