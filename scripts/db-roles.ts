/**
 * Creates (or refreshes) the application's least-privilege login role on PostgreSQL.
 *
 *   DATABASE_URL=postgres://owner@host/db [CLL_APP_ROLE=cll_app] [CLL_APP_PASSWORD=…] npx tsx scripts/db-roles.ts
 *
 * Run it as the database owner after every migration (it is idempotent). The app then connects as
 * `cll_app`: SELECT/INSERT/UPDATE on the data tables, only SELECT on audit_log, no DELETE or
 * TRUNCATE anywhere and no ownership, so even a compromised app process cannot rewrite the audit
 * trail (the append-only triggers are a second, independent barrier) nor add a forged or backdated
 * row to it: data changes are audited by the triggers (SECURITY DEFINER, running as the owner) and
 * events go through audit_event() (migration 0006), which stamps the time itself. Migrations keep
 * running as the owner. PGlite (embedded, single user) has no roles: the script refuses it.
 */
import type pg from 'pg';
import { connectClient } from '../db/pg-client';

export interface RoleOptions {
  role?: string;
  password?: string | null;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/** The statements that set up the role; exported so tests apply exactly what production applies. */
export function roleStatements(database: string, opts: RoleOptions = {}): string[] {
  const role = opts.role ?? 'cll_app';
  if (!IDENT.test(role)) throw new Error(`invalid role name: ${role}`);
  const db = `"${database.replace(/"/g, '""')}"`;
  const pw = opts.password ? ` PASSWORD '${opts.password.replace(/'/g, "''")}'` : '';
  return [
    `DO $$ BEGIN
       IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
         CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
       END IF;
     END $$`,
    `ALTER ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS${pw}`,
    `GRANT CONNECT ON DATABASE ${db} TO ${role}`,
    `REVOKE CREATE ON SCHEMA public FROM ${role}`,
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    // Start from nothing, then grant: a re-run also removes privileges granted by hand.
    `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`,
    `GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO ${role}`,
    // Read only: rows come from the triggers and from audit_event() (EXECUTE below), both of which
    // run as the owner; a direct INSERT could forge or backdate a row.
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_log FROM ${role}`,
    // Migration bookkeeping is the owner's business.
    `REVOKE INSERT, UPDATE ON schema_migrations FROM ${role}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
    `REVOKE ALL ON SEQUENCE audit_log_id_seq FROM ${role}`,
    `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${role}`,
  ];
}

export async function applyAppRole(client: pg.Client, opts: RoleOptions = {}): Promise<void> {
  const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
  const database = rows[0]?.db;
  if (!database) throw new Error('could not read the current database name');
  for (const stmt of roleStatements(database, opts)) await client.query(stmt);
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('[db-roles] DATABASE_URL is not set. Roles exist only on PostgreSQL; the embedded PGlite database is single-user and has none.');
    process.exit(2);
  }
  const client = await connectClient(url, { label: 'db-roles' });
  try {
    const role = process.env.CLL_APP_ROLE ?? 'cll_app';
    await applyAppRole(client, { role, password: process.env.CLL_APP_PASSWORD ?? null });
    console.log(`[db-roles] role ${role} ready: SELECT/INSERT/UPDATE on data tables, SELECT on audit_log (events through audit_event()), no DELETE/TRUNCATE.`);
    if (!process.env.CLL_APP_PASSWORD) console.log('[db-roles] no CLL_APP_PASSWORD given: the role has no password (set one for production, or use peer/cert auth).');
  } finally {
    await client.end();
  }
}

if (process.argv[1]?.endsWith('db-roles.ts')) {
  main().catch((err: unknown) => {
    console.error(`[db-roles] ${(err as Error).message}`);
    process.exit(1);
  });
}
