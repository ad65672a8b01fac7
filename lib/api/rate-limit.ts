import 'server-only';
/**
 * Per-token request limit in a fixed one-minute window, counted in the database so every instance
 * shares it: one row per token, incremented or restarted atomically under its row lock by a single
 * upsert (no read-then-write race between instances).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { ApiProblem } from './problem';

export { RATE_WINDOW_SECONDS } from './rate-limit-window';
import { RATE_WINDOW_SECONDS } from './rate-limit-window';

export interface RateState { hits: number; limit: number; resetSeconds: number }

export async function consumeRequest(db: Db, tokenId: number, limit: number, windowSeconds = RATE_WINDOW_SECONDS): Promise<RateState> {
  const res = (await db.execute(sql`
    INSERT INTO api_rate_limits AS l (token_id, window_start, hits) VALUES (${tokenId}, now(), 1)
    ON CONFLICT (token_id) DO UPDATE SET
      window_start = CASE WHEN l.window_start <= now() - make_interval(secs => ${windowSeconds}) THEN now() ELSE l.window_start END,
      hits = CASE WHEN l.window_start <= now() - make_interval(secs => ${windowSeconds}) THEN 1 ELSE l.hits + 1 END
    RETURNING hits, ceil(extract(epoch FROM (window_start + make_interval(secs => ${windowSeconds}) - now())))::int AS reset`)) as unknown as {
    rows: { hits: number; reset: number }[];
  };
  const row = res.rows[0];
  return { hits: Number(row?.hits ?? 1), limit, resetSeconds: Math.max(1, Number(row?.reset ?? windowSeconds)) };
}

export function rateHeaders(s: RateState): Record<string, string> {
  return {
    'RateLimit-Limit': String(s.limit), 'RateLimit-Remaining': String(Math.max(0, s.limit - s.hits)), 'RateLimit-Reset': String(s.resetSeconds),
  };
}

/** Throws the 429 when the window's allowance is used up. */
export function assertWithinLimit(s: RateState): void {
  if (s.hits > s.limit) {
    throw new ApiProblem(429, `At most ${s.limit} requests per minute per token: retry after ${s.resetSeconds} s (or pull everything in one request with format=csv or ndjson).`,
      { 'Retry-After': String(s.resetSeconds), ...rateHeaders(s) });
  }
}
