import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in Debian's Chromium (Playwright cannot download browsers here). The web server
 * is the production build on a fresh embedded demo database (scripts/e2e-server.ts).
 */
const PORT = Number(process.env.E2E_PORT ?? 3210);
/** The test OpenID Connect provider (the hospital's IdP for e2e/sso.spec.ts); scripts/e2e-server.ts points OIDC_* at it. */
const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 3219);
/** The test SMTP server (scripts/e2e-smtp.ts); the app sends to it through SMTP_URL (scripts/e2e-server.ts). */
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 3218);

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  webServer: [{
    // A real SMTP server; e2e/email.spec.ts reads the mails it received (scripts/e2e-smtp.ts).
    command: 'npx tsx scripts/e2e-smtp.ts',
    port: SMTP_PORT,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: { E2E_SMTP_PORT: String(SMTP_PORT), ...(process.env.E2E_DATA_DIR ? { E2E_DATA_DIR: process.env.E2E_DATA_DIR } : {}) },
  }, {
    command: 'npx tsx scripts/e2e-oidc-provider.ts',
    url: `http://localhost:${OIDC_PORT}/.well-known/openid-configuration`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: { E2E_PORT: String(PORT), E2E_OIDC_PORT: String(OIDC_PORT) },
  }, {
    command: 'npx tsx scripts/e2e-server.ts',
    url: `http://localhost:${PORT}/login`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: { E2E_PORT: String(PORT), E2E_OIDC_PORT: String(OIDC_PORT), E2E_SMTP_PORT: String(SMTP_PORT), ...(process.env.E2E_DATA_DIR ? { E2E_DATA_DIR: process.env.E2E_DATA_DIR } : {}) },
  }],
});
