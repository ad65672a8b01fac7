/**
 * `npm run db:backup [-- --out <file>]`: pg_dump -Fc of DATABASE_URL into .data/backups/ (or --out).
 * Restore with `npm run db:restore -- <file>`. See docs/reliability.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dumpDatabase, requirePgUrl } from './db-dump-tools';

function main(): void {
  const url = requirePgUrl('db:backup', process.env.DATABASE_URL);
  const i = process.argv.indexOf('--out');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = i > 0 && process.argv[i + 1] ? process.argv[i + 1] ?? '' : path.join('.data', 'backups', `cll-registry-${stamp}.dump`);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  dumpDatabase(url, file);
  console.log(`[db:backup] wrote ${file} (${fs.statSync(file).size} bytes)`);
}

try {
  main();
} catch (err) {
  console.error(`[db:backup] ${(err as Error).message}`);
  process.exit(1);
}
