/**
 * Login throttling kept in the database (login_attempts), so failures on any instance count
 * together. Three limits, after OWASP's authentication cheat sheet ("Login Throttling": lock-out
 * thresholds per account must not become a denial-of-service button), all within LOGIN_WINDOW_MINUTES:
 *
 * 1. Per (account, source address): LOGIN_MAX_FAILURES failures refuse further attempts from that
 *    source for that account, without checking the password, until the oldest failure leaves the
 *    window. A stranger who knows an e-mail only locks themselves out.
 * 2. Per account, from all sources: from LOGIN_MAX_FAILURES failures on, each further attempt must
 *    wait 1, 2, 4, … seconds (at most LOGIN_BACKOFF_MAX_SECONDS) after the latest failure. This caps
 *    guessing against one account by an attacker rotating addresses, while the owner waits seconds,
 *    not minutes. A source from which the account logged in successfully within KNOWN_SOURCE_DAYS is
 *    exempt (the owner's usual network; the address comes from the socket or a trusted proxy, see
 *    lib/http/client-ip.ts, so a stranger cannot claim it).
 * 3. Per source, across accounts: LOGIN_SOURCE_MAX_FAILURES failures refuse that source (password
 *    spraying: one guess against many accounts).
 *
 * A successful login does not erase failures: it stops counting the earlier ones from its own source
 * (limit 1) and the account's earlier ones (limit 2), so the owner logging in elsewhere does not
 * reopen a locked source. The decision lives in the database function login_throttle() (migration
 * 0009); this module calls it.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { env } from '@/lib/env';

export const KNOWN_SOURCE_DAYS = 30;

export type ThrottleLimit = 'account_source' | 'account' | 'source';

export interface ThrottleState {
  blocked: boolean;
  /** Which limit refused the attempt (null when not blocked). */
  limit: ThrottleLimit | null;
  retryAfterSeconds: number;
  /** Failures for the account from this source, counted as limit 1 counts them. */
  failures: number;
  /** Failures for the account from every source (limit 2). */
  accountFailures: number;
}

type Row = Record<string, unknown>;
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const LIMITS: readonly ThrottleLimit[] = ['account_source', 'account', 'source'];

/**
 * One call of the database function login_throttle() (migration 0009), which holds the whole
 * decision. With `reserve` it takes the source and account advisory locks, decides and, when not
 * blocked, records the attempt, all in one statement: run outside a transaction, the locks end with
 * the statement instead of waiting on Node between statements (a login burst from one address
 * would otherwise queue on the source lock holding pool connections).
 */
async function callThrottle(db: Db, email: string, ip: string | null, reserve: boolean, at?: Date): Promise<{ state: ThrottleState; attemptId: number | null }> {
  const { LOGIN_MAX_FAILURES, LOGIN_WINDOW_MINUTES, LOGIN_SOURCE_MAX_FAILURES, LOGIN_BACKOFF_MAX_SECONDS } = env();
  const res = (await db.execute(sql`SELECT * FROM public.login_throttle(${email}, ${ip}, ${reserve},
    ${LOGIN_MAX_FAILURES}::int, ${LOGIN_WINDOW_MINUTES * 60}::float8, ${LOGIN_SOURCE_MAX_FAILURES}::int,
    ${LOGIN_BACKOFF_MAX_SECONDS}::int, ${KNOWN_SOURCE_DAYS}::int, ${at ? at.toISOString() : null}::timestamptz)`)) as unknown as { rows: Row[] };
  const row = res.rows[0];
  if (!row) throw new Error('login_throttle() returned no row');
  const blocked = row.blocked === true;
  const limit = LIMITS.find((l) => l === row.limit_kind) ?? null;
  if (blocked && limit === null) throw new Error(`login_throttle() returned an unknown limit: ${String(row.limit_kind)}`);
  return {
    state: {
      blocked, limit, failures: num(row.failures), accountFailures: num(row.account_failures),
      retryAfterSeconds: blocked ? Math.max(1, Math.ceil(num(row.retry_after_ms) / 1000)) : 0,
    },
    attemptId: row.attempt_id === null || row.attempt_id === undefined ? null : Number(row.attempt_id),
  };
}

/** The throttle as it stands for this account and source (reads only). `at` moves the clock for tests. */
export async function throttleState(db: Db, email: string, ip: string | null, at?: Date): Promise<ThrottleState> {
  return (await callThrottle(db, email, ip, false, at)).state;
}

/**
 * Decides an attempt and, when allowed, records it as a failure (marked succeeded after a correct
 * password): of N concurrent attempts, on any number of instances, exactly as many as the limits
 * allow are let through to the password check. Call outside a transaction.
 */
export async function reserveAttempt(db: Db, email: string, ip: string | null): Promise<{ state: ThrottleState; attemptId: number | null }> {
  return callThrottle(db, email, ip, true);
}

/** The refusal shown on the login form: the same for known and unknown e-mails (no enumeration). */
export function throttledMessage(state: ThrottleState): string {
  if (state.limit === 'account') {
    const s = state.retryAfterSeconds;
    return `Too many failed attempts for this account. Try again in ${s} second${s === 1 ? '' : 's'}.`;
  }
  const minutes = Math.ceil(state.retryAfterSeconds / 60);
  return `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}
