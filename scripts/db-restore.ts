/**
 * `npm run db:restore -- <file> [--clean]`: pg_restore a pg_dump -Fc file into DATABASE_URL in one
 * transaction. Without --clean the target must be empty (no tables in schema public): restoring
 * over live data by accident must not be one command away.
 */
import fs from 'node:fs';
import { connectClient } from '../db/pg-client';
import { requirePgUrl, restoreDatabase } from './db-dump-tools';

async function main(): Promise<void> {
  const url = requirePgUrl('db:restore', process.env.DATABASE_URL);
  const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!file || !fs.existsSync(file)) throw new Error('usage: npm run db:restore -- <backup file> [--clean]');
  const clean = process.argv.includes('--clean');
  const client = await connectClient(url, { label: 'db:restore' });
  let tables = 0;
  try {
    const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'");
    tables = Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
  if (tables > 0 && !clean) {
    throw new Error(`the target database already has ${tables} table(s): restore into an empty database, or pass --clean to replace them`);
  }
  restoreDatabase(url, file, { clean });
  console.log(`[db:restore] restored ${file}`);
}

main().catch((err: unknown) => {
  console.error(`[db:restore] ${(err as Error).message}`);
  process.exit(1);
});
