import 'server-only';
/**
 * GET /api/ready: may this instance take traffic? Yes when the database answers and has every
 * migration this code expects. The reason given is for an operator or a load balancer, never data.
 * A database that does not answer within `timeoutMs` counts as unreachable, so a health checker
 * gets an answer before its own timeout.
 */
import type { Database } from '@/db/client';
import { readMigrations, type Migration } from '@/db/migrate';
import { migrationStatus } from '@/db/migration-status';
import { isShuttingDown } from '@/lib/log/lifecycle';

export type Readiness =
  | { ready: true; migrations: number }
  | { ready: false; reason: string; cause?: unknown };

let codeMigrations: Migration[] | undefined;

/** The migrations shipped with the running code (read once: they cannot change under a running process). */
function shippedMigrations(): Migration[] {
  codeMigrations ??= readMigrations();
  return codeMigrations;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export async function checkReadiness(
  open: () => Promise<Database>,
  opts: { migrations?: Migration[]; timeoutMs?: number } = {},
): Promise<Readiness> {
  if (isShuttingDown()) return { ready: false, reason: 'shutting down' };
  const timeoutMs = opts.timeoutMs ?? 3_000;
  let status;
  try {
    status = await withTimeout(open().then((db) => migrationStatus(db, opts.migrations ?? shippedMigrations())), timeoutMs);
  } catch (cause) {
    return { ready: false, reason: 'database unreachable', cause };
  }
  if (status.state === 'pending') {
    return { ready: false, reason: `${status.pending.length} migration(s) pending (run npm run db:migrate)` };
  }
  if (status.state === 'diverged') return { ready: false, reason: `migration history differs from the code: ${status.message}` };
  return { ready: true, migrations: status.applied };
}
