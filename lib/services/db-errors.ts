/**
 * Recognising PostgreSQL errors behind drizzle's wrapper (DrizzleQueryError keeps the driver's error
 * as `cause`; pg and PGlite both expose the SQLSTATE as `code` and the constraint name).
 */
interface PgErrorLike { code?: unknown; constraint?: unknown }

function pgError(err: unknown): PgErrorLike | null {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const candidate = e as PgErrorLike & { cause?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    e = candidate.cause;
  }
  return null;
}

/** True for a unique-constraint violation (SQLSTATE 23505), optionally of a named constraint. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const pg = pgError(err);
  if (!pg || pg.code !== '23505') return false;
  return constraint === undefined || pg.constraint === undefined || pg.constraint === constraint;
}
