/**
 * pg_dump / pg_restore wrappers shared by `npm run db:backup`, `npm run db:restore` and the
 * backup test. Custom format (-Fc): compressed, restorable table by table, carries sequences,
 * functions and triggers. Passwords stay in the URL/PGPASSWORD, never on a log line.
 */
import { spawnSync } from 'node:child_process';

export function requirePgUrl(tool: string, raw: string | undefined): string {
  if (!raw) {
    throw new Error(
      `${tool}: DATABASE_URL is not set. Backups use pg_dump/pg_restore and need PostgreSQL. ` +
      'The embedded PGlite database is one folder: stop the app and copy PGLITE_DATA_DIR ' +
      '(or, from code, PGlite\'s dumpDataDir() tarball); restore by putting the folder back.',
    );
  }
  const url = new URL(raw);
  if (!/^postgres(ql)?:$/.test(url.protocol)) throw new Error(`${tool}: DATABASE_URL must be a postgres:// URL`);
  return raw;
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} could not start: ${r.error.message} (install the PostgreSQL client tools)`);
  if (r.status !== 0) throw new Error(`${cmd} failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-5).join(' | ')}`);
}

export function dumpDatabase(url: string, file: string): void {
  run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${url}`]);
}

export function restoreDatabase(url: string, file: string, opts: { clean?: boolean } = {}): void {
  const args = ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${url}`];
  if (opts.clean) args.push('--clean', '--if-exists');
  run('pg_restore', [...args, file]);
}
