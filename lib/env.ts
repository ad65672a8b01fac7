/**
 * Environment, read and validated once. Nothing else reads process.env directly (house style:
 * no `!` on env vars). The auth secret is checked when auth is first used (fail closed).
 */
import { z } from 'zod';

const envSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  /**
   * A PostgreSQL streaming replica of DATABASE_URL: dashboards and exports read from it (db/replica.ts),
   * everything else stays on the primary. Needs DATABASE_URL (PGlite has no replicas).
   */
  DATABASE_REPLICA_URL: z.string().min(1).optional(),
  /** Folder of the embedded PGlite database when DATABASE_URL is unset. */
  PGLITE_DATA_DIR: z.string().min(1).default('.data/pglite'),
  NEXTAUTH_SECRET: z.string().optional(),
  AUTH_SECRET: z.string().optional(),
  /** `off` disables demo seeding (production). */
  DEMO_SEED: z.enum(['on', 'off']).default('on'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  /** Failed logins from one source address, across all accounts, per window (password spraying). */
  LOGIN_SOURCE_MAX_FAILURES: z.coerce.number().int().positive().default(50),
  /** Ceiling of the per-account backoff once an account has LOGIN_MAX_FAILURES failures from any source. */
  LOGIN_BACKOFF_MAX_SECONDS: z.coerce.number().int().positive().default(30),
  /** Addresses/CIDRs of reverse proxies whose X-Forwarded-For is believed (lib/http/client-ip.ts); empty: none. */
  TRUSTED_PROXIES: z.string().default(''),
  /**
   * Roles that must use a second factor (comma-separated). Unset: `admin,coordinator`, but empty in
   * demo mode (DEMO_SEED on) so the demo stays two commands from a login; see lib/auth/totp/policy.ts.
   */
  REQUIRE_2FA_ROLES: z.string().optional(),
  /** Key for the TOTP secrets at rest (≥ 32 chars); unset: derived from the auth secret (lib/auth/totp/secret-box.ts). */
  TOTP_ENCRYPTION_KEY: z.string().optional(),
  /** Hospital single sign-on (OpenID Connect), lib/auth/sso-config.ts: all three or none. */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The hospital's name on the login button ("Sign in with …"). */
  OIDC_DISPLAY_NAME: z.string().min(1).max(80).default('your hospital'),
  /** `on`: the IdP's e-mail addresses are trusted without an `email_verified: true` claim (Entra ID sends none). */
  OIDC_TRUST_IDP_EMAIL: z.enum(['on', 'off']).default('off'),
  /** `true`: an SSO login counts as two factors (the hospital's IdP enforces its own); `false`: our second factor still applies. */
  SSO_WAIVES_2FA: z.enum(['true', 'false']).default('true'),
  /** Data API (lib/api/): requests per personal access token per minute, counted across instances. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(120),
}).refine((e) => !e.DATABASE_REPLICA_URL || e.DATABASE_URL, {
  path: ['DATABASE_REPLICA_URL'], message: 'a read replica needs DATABASE_URL (the embedded database has no replicas)',
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** The auth secret, or an error: the app must not run with a missing or empty secret. */
export function authSecret(): string {
  const e = env();
  const secret = e.NEXTAUTH_SECRET ?? e.AUTH_SECRET;
  if (!secret || secret.trim().length < 16) {
    throw new Error('NEXTAUTH_SECRET is missing or shorter than 16 characters: refusing to start (fail closed).');
  }
  return secret;
}
