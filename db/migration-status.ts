/**
 * Which of the code's migrations the database has (read-only, no lock): for the readiness check,
 * so an instance started from newer code than its database reports "not ready" instead of serving
 * pages that would fail on a missing column. Same prefix rule as migrate.ts.
 */
import type { Database } from './client';
import type { Migration } from './migrate';

export type MigrationStatus =
  | { state: 'current'; applied: number }
  | { state: 'pending'; applied: number; pending: string[] }
  | { state: 'diverged'; message: string };

export async function migrationStatus(database: Database, migrations: Migration[]): Promise<MigrationStatus> {
  const conn = await database.connect();
  try {
    const { rows: [table] } = await conn.query<{ t: string | null }>("SELECT to_regclass('public.schema_migrations')::text AS t");
    const rows = table?.t
      ? (await conn.query<{ idx: number; tag: string; hash: string }>('SELECT idx, tag, hash FROM schema_migrations ORDER BY idx')).rows
      : [];
    for (const [i, row] of rows.entries()) {
      const expected = migrations[i];
      if (!expected || row.idx !== i || row.tag !== expected.tag) {
        return { state: 'diverged', message: `database has ${row.tag} at #${i}, code has ${expected?.tag ?? 'nothing'}` };
      }
      if (row.hash !== expected.hash) return { state: 'diverged', message: `migration ${row.tag} differs from the code (hash)` };
    }
    const pending = migrations.slice(rows.length).map((m) => m.tag);
    return pending.length ? { state: 'pending', applied: rows.length, pending } : { state: 'current', applied: rows.length };
  } finally {
    await conn.release();
  }
}
