/**
 * Runs a benchmark against a scratch database on the local PostgreSQL named by DATABASE_URL:
 * created before, dropped after (never a non-local server). Returns false when DATABASE_URL is unset.
 */
import { connectClient } from '../db/pg-client';
import { createPgDatabase, type Database } from '../db/client';

export async function withScratchPostgres(label: string, fn: (db: Database) => Promise<void>): Promise<boolean> {
  const url = process.env.DATABASE_URL;
  if (!url) return false;
  const u = new URL(url);
  if (!['localhost', '127.0.0.1', '::1', '[::1]'].includes(u.hostname)) throw new Error('bench: refusing a non-local DATABASE_URL');
  const name = `cll_bench_${label}_${process.pid}`;
  const adminUrl = new URL(url); adminUrl.pathname = '/postgres';
  const admin = await connectClient(adminUrl.toString(), { label: 'bench' });
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    u.pathname = `/${name}`;
    const db = createPgDatabase(u.toString(), { max: 2 });
    try { await fn(db); } finally { await db.close(); }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
  return true;
}
