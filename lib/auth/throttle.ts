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
 * reopen a locked source. Callers decide and record under the locks taken by lockForAttempt().
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
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

/**
 * Serialises the decisions that concern this account and this source, on every instance. Always
 * the source first, then the account (a fixed order: no deadlock), each in its own key space of the
 * two-key advisory lock so that a source can never collide with an account.
 */
export async function lockForAttempt(tx: Tx, email: string, ip: string | null): Promise<void> {
  if (ip !== null) await tx.execute(sql`SELECT pg_advisory_xact_lock(1, hashtext(${ip}))`);
  await tx.execute(sql`SELECT pg_advisory_xact_lock(2, hashtext(${email}))`);
}

type Row = Record<string, unknown>;
async function one(db: Db | Tx, query: ReturnType<typeof sql>): Promise<Row> {
  const res = (await db.execute(query)) as unknown as { rows: Row[] };
  return res.rows[0] ?? {};
}
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Exponential backoff for the account: 1 s at the threshold, doubling, capped. */
export function accountBackoffSeconds(accountFailures: number, threshold: number, maxSeconds: number): number {
  if (accountFailures < threshold) return 0;
  return Math.min(maxSeconds, 2 ** Math.min(30, accountFailures - threshold));
}

/** `now` is the database's clock unless a test moves it: attempts are stamped by the database. */
export async function throttleState(db: Db | Tx, email: string, ip: string | null, at?: Date): Promise<ThrottleState> {
  const now = at ?? new Date(num((await one(db, sql`SELECT extract(epoch FROM clock_timestamp())::float8 AS t`)).t) * 1000);
  const { LOGIN_MAX_FAILURES, LOGIN_WINDOW_MINUTES, LOGIN_SOURCE_MAX_FAILURES, LOGIN_BACKOFF_MAX_SECONDS } = env();
  const windowMs = LOGIN_WINDOW_MINUTES * 60_000;
  const windowStart = new Date(now.getTime() - windowMs).toISOString();
  const knownSince = new Date(now.getTime() - KNOWN_SOURCE_DAYS * 86_400_000).toISOString();
  // Epoch seconds as float8: the same number from pg and PGlite, with microseconds kept.
  // A success ends the count of earlier failures: from its source for limit 1, from all for limit 2.
  const account = await one(db, sql`
    WITH since AS (
      SELECT coalesce(max(at), ${windowStart}::timestamptz) AS account_t,
        coalesce(max(at) FILTER (WHERE ip IS NOT DISTINCT FROM ${ip}), ${windowStart}::timestamptz) AS pair_t
      FROM login_attempts WHERE email = ${email} AND succeeded AND at > ${windowStart}::timestamptz)
    SELECT (count(*) FILTER (WHERE a.at > since.account_t))::int AS account_failures,
      extract(epoch FROM max(a.at) FILTER (WHERE a.at > since.account_t))::float8 AS latest,
      (count(*) FILTER (WHERE a.ip IS NOT DISTINCT FROM ${ip} AND a.at > since.pair_t))::int AS pair_failures,
      extract(epoch FROM min(a.at) FILTER (WHERE a.ip IS NOT DISTINCT FROM ${ip} AND a.at > since.pair_t))::float8 AS pair_oldest,
      ${ip === null ? sql`false` : sql`EXISTS (SELECT 1 FROM login_attempts k WHERE k.email = ${email} AND k.ip = ${ip}
        AND k.succeeded AND k.at > ${knownSince}::timestamptz)`} AS known_source
    FROM login_attempts a, since
    WHERE a.email = ${email} AND NOT a.succeeded AND a.at > ${windowStart}::timestamptz`);
  const failures = num(account.pair_failures);
  const accountFailures = num(account.account_failures);
  const state = (limit: ThrottleLimit, untilEpochMs: number): ThrottleState => ({
    blocked: true, limit, failures, accountFailures,
    retryAfterSeconds: Math.max(1, Math.ceil((untilEpochMs - now.getTime()) / 1000)),
  });

  if (failures >= LOGIN_MAX_FAILURES) return state('account_source', num(account.pair_oldest) * 1000 + windowMs);

  if (ip !== null) {
    const source = await one(db, sql`
      SELECT count(*)::int AS n, extract(epoch FROM min(at))::float8 AS oldest FROM login_attempts
      WHERE ip = ${ip} AND NOT succeeded AND at > ${windowStart}::timestamptz`);
    if (num(source.n) >= LOGIN_SOURCE_MAX_FAILURES) return state('source', num(source.oldest) * 1000 + windowMs);
  }

  const wait = accountBackoffSeconds(accountFailures, LOGIN_MAX_FAILURES, LOGIN_BACKOFF_MAX_SECONDS);
  if (wait > 0 && account.known_source !== true) {
    const until = num(account.latest) * 1000 + wait * 1000;
    if (until > now.getTime()) return state('account', until);
  }
  return { blocked: false, limit: null, retryAfterSeconds: 0, failures, accountFailures };
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
