/**
 * The one database client. With DATABASE_URL: PostgreSQL through a `pg` Pool. Without: PGlite, an
 * embedded PostgreSQL keeping its data in PGLITE_DATA_DIR, so a newcomer needs no server.
 * Both are drizzle PgDatabase instances over the same schema and the same migrations.
 * The instance is cached on globalThis so Next's dev reloads do not open a pool per reload.
 */
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import * as schema from './schema';
import { env } from '../lib/env';
import { log } from '../lib/log/logger';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database: services accept either, so callers can compose them. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Minimal raw SQL runner (one connection) used by the migrator, which needs session-level locks. */
export interface SqlRunner {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(text: string): Promise<void>;
  release(): Promise<void> | void;
}

export interface Database {
  db: Db;
  kind: 'pg' | 'pglite';
  /** The connection string (pg only), e.g. to open a second pool in tests. */
  url?: string;
  /** A dedicated connection (pg) or the embedded instance (PGlite). */
  connect(): Promise<SqlRunner>;
  close(): Promise<void>;
}

export function createPgDatabase(url: string, opts: { max?: number; connectionTimeoutMillis?: number } = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 5_000,
    idleTimeoutMillis: 30_000,
  });
  // Without this listener an idle client's error (e.g. PostgreSQL restarting) crashes the process.
  pool.on('error', (err) => {
    log.warn({ err }, 'idle database client error (the pool reconnects)');
  });
  return {
    db: drizzlePg(pool, { schema }) as unknown as Db,
    kind: 'pg',
    url,
    async connect() {
      const client = await pool.connect();
      return {
        query: async <T,>(text: string, params?: unknown[]) => ({ rows: (await client.query(text, params)).rows as T[] }),
        exec: async (text: string) => { await client.query(text); },
        release: () => client.release(),
      };
    },
    close: () => pool.end(),
  };
}

export function createPgliteDatabase(client: PGlite): Database {
  return {
    db: drizzlePglite(client, { schema }) as unknown as Db,
    kind: 'pglite',
    async connect() {
      return {
        query: async <T,>(text: string, params?: unknown[]) => ({ rows: (await client.query<T>(text, params)).rows }),
        exec: async (text: string) => { await client.exec(text); },
        release: () => undefined,
      };
    },
    close: () => client.close(),
  };
}

async function openDefault(): Promise<Database> {
  const e = env();
  if (e.DATABASE_URL) return createPgDatabase(e.DATABASE_URL);
  const { PGlite } = await import('@electric-sql/pglite');
  const fs = await import('node:fs');
  fs.mkdirSync(e.PGLITE_DATA_DIR, { recursive: true });
  const client = await PGlite.create({ dataDir: e.PGLITE_DATA_DIR });
  return createPgliteDatabase(client);
}

const globalForDb = globalThis as unknown as { __cllDatabase?: Promise<Database> };

/** The process-wide database (opened on first use). */
export function getDatabase(): Promise<Database> {
  globalForDb.__cllDatabase ??= openDefault();
  return globalForDb.__cllDatabase;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** Graceful shutdown (scripts/server.ts): closes the process-wide database if it was opened. */
export async function closeDatabase(): Promise<void> {
  const opened = globalForDb.__cllDatabase;
  globalForDb.__cllDatabase = undefined;
  if (opened) await (await opened).close();
}

/** For tests: install a database as the process-wide one. */
export function setDatabaseForTests(database: Database | undefined): void {
  globalForDb.__cllDatabase = database ? Promise.resolve(database) : undefined;
}
