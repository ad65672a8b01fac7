/**
 * Reads for analyses (dashboards, exports) from a PostgreSQL streaming replica when
 * DATABASE_REPLICA_URL is set, so a heavy analysis never loads the primary that takes CRF saves.
 * Everything else (sessions, saves, workflow, audit events) stays on the primary (db/client.ts).
 *
 * Before each read the replica's position is compared with the primary's: if it has replayed all
 * the WAL the primary had written, it is up to date; if not, the read waits up to CATCH_UP_MS for it
 * (an idle primary's first write is usually replayed within milliseconds, and pg_last_xact_replay_timestamp
 * alone would call that replica hours behind), then reads what it has and reports the lag, which the
 * page shows (components/dashboard/replica-notice.tsx). When the replica cannot be reached, is no
 * standby, or fails during the read, the read goes to the primary and says so: it never fails
 * because of the replica. The only state kept in the process is that short-lived "down" mark, so a
 * dead replica does not cost every page a connection attempt.
 */
import { sql } from 'drizzle-orm';
import { createPgDatabase, getDatabase, type Database, type Db } from './client';
import { env } from '../lib/env';
import { log } from '../lib/log/logger';

/** Where an analysis read its rows from, for the page to say. */
export type ReadSource =
  /** No replica configured: the one database. */
  | { kind: 'primary' }
  /** The replica had replayed everything the primary had committed when the read started. */
  | { kind: 'replica'; stale: false }
  /**
   * The replica was behind: `asOf` is the commit time of the last transaction it had replayed (the
   * data holds every change committed up to then), `lagSeconds` the time from then to the read.
   */
  | { kind: 'replica'; stale: true; asOf: Date | null; lagSeconds: number | null; behindBytes: number }
  /** A replica is configured but was not used: read from the primary instead, and why (details in the log). */
  | { kind: 'fallback'; reason: FallbackReason };

/** unreachable: no connection or no answer; not-a-standby: e.g. promoted; read-failed: it failed during the read. */
export type FallbackReason = 'unreachable' | 'not-a-standby' | 'read-failed';

class NotAStandby extends Error {}

/** How long a read waits for a replica that is behind to catch up before it reads stale data. */
export const CATCH_UP_MS = 250;
const POLL_MS = 20;
/** After a failure, the replica is not tried again for this long (per process). */
export const DOWN_RETRY_MS = 5_000;

interface ReplicaState { database: Database | null; downUntil: number; downReason: FallbackReason }
const globalForReplica = globalThis as unknown as { __cllReplica?: ReplicaState };

function state(): ReplicaState {
  if (!globalForReplica.__cllReplica) {
    const url = env().DATABASE_REPLICA_URL;
    // A small pool: analyses are heavy and few; a short connect timeout, since the primary is the fallback.
    globalForReplica.__cllReplica = { database: url ? createPgDatabase(url, { max: 5, connectionTimeoutMillis: 2_000 }) : null, downUntil: 0, downReason: 'unreachable' };
  }
  return globalForReplica.__cllReplica;
}

/** For tests: use this replica (null: none) instead of DATABASE_REPLICA_URL; undefined: back to the environment. The caller closes it. */
export function setReplicaForTests(database: Database | null | undefined): void {
  globalForReplica.__cllReplica = database === undefined ? undefined : { database, downUntil: 0, downReason: 'unreachable' };
}

/** Graceful shutdown: closes the replica pool if one was opened. */
export async function closeReplica(): Promise<void> {
  const s = globalForReplica.__cllReplica;
  globalForReplica.__cllReplica = undefined;
  await s?.database?.close();
}

interface Position { standby: boolean; behindBytes: number | null; replayedAt: Date | null; lagSeconds: number | null }

async function position(replica: Db, primaryLsn: string): Promise<Position> {
  const r = (await replica.execute(sql`
    SELECT pg_is_in_recovery() AS standby,
      pg_wal_lsn_diff(${primaryLsn}::pg_lsn, pg_last_wal_replay_lsn())::float8 AS behind,
      pg_last_xact_replay_timestamp() AS replayed_at,
      extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8 AS lag`)) as unknown as {
    rows: { standby: boolean; behind: number | null; replayed_at: Date | string | null; lag: number | null }[];
  };
  const row = r.rows[0];
  if (!row) throw new Error('no answer from the replica');
  return {
    standby: row.standby, behindBytes: row.behind === null ? null : Number(row.behind),
    replayedAt: row.replayed_at === null ? null : new Date(row.replayed_at), lagSeconds: row.lag === null ? null : Number(row.lag),
  };
}

/** Compares the replica with the primary, waiting up to CATCH_UP_MS for it; throws when it cannot be used. */
async function checkReplica(primary: Db, replica: Db): Promise<ReadSource> {
  const p = (await primary.execute(sql`SELECT pg_current_wal_lsn()::text AS lsn`)) as unknown as { rows: { lsn: string }[] };
  const lsn = p.rows[0]?.lsn;
  if (!lsn) throw new Error('the primary gave no WAL position');
  const deadline = Date.now() + CATCH_UP_MS;
  for (;;) {
    const pos = await position(replica, lsn);
    if (!pos.standby) throw new NotAStandby('DATABASE_REPLICA_URL is not a standby (pg_is_in_recovery() is false): it may have been promoted');
    if (pos.behindBytes !== null && pos.behindBytes <= 0) return { kind: 'replica', stale: false };
    if (Date.now() >= deadline) {
      return { kind: 'replica', stale: true, asOf: pos.replayedAt, lagSeconds: pos.lagSeconds === null ? null : Math.max(0, pos.lagSeconds), behindBytes: pos.behindBytes ?? 0 };
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function markDown(s: ReplicaState, reason: FallbackReason, err: unknown): ReadSource {
  s.downUntil = Date.now() + DOWN_RETRY_MS;
  s.downReason = reason;
  log.warn({ err, reason }, `read replica not used for ${DOWN_RETRY_MS / 1000} s: analyses read from the primary`);
  return { kind: 'fallback', reason };
}

/**
 * Runs an analysis read on the replica when one is configured and usable, else on the primary, and
 * says which. `read` must only read (a standby refuses writes); record audit events on the primary
 * after it.
 */
export async function readForAnalysis<T>(read: (db: Db) => Promise<T>): Promise<{ value: T; source: ReadSource }> {
  const primary = (await getDatabase()).db;
  const s = state();
  const replica = s.database;
  if (!replica) return { value: await read(primary), source: { kind: 'primary' } };
  if (Date.now() < s.downUntil) return { value: await read(primary), source: { kind: 'fallback', reason: s.downReason } };
  let source: ReadSource;
  try {
    source = await checkReplica(primary, replica.db);
  } catch (err) {
    source = markDown(s, err instanceof NotAStandby ? 'not-a-standby' : 'unreachable', err);
    return { value: await read(primary), source };
  }
  try {
    return { value: await read(replica.db), source };
  } catch (err) {
    // E.g. the replica stopped, or cancelled the query for a conflict with recovery: the primary answers.
    source = markDown(s, 'read-failed', err);
    return { value: await read(primary), source };
  }
}

/** For a download's X-Read-Source header: `primary`, `replica`, `replica; stale; lag=42s`, `primary; fallback=unreachable`. */
export function readSourceHeader(source: ReadSource): string {
  if (source.kind === 'primary') return 'primary';
  if (source.kind === 'fallback') return `primary; fallback=${source.reason}`;
  if (!source.stale) return 'replica';
  return `replica; stale; lag=${source.lagSeconds === null ? 'unknown' : `${Math.round(source.lagSeconds)}s`}; as-of=${source.asOf?.toISOString() ?? 'unknown'}`;
}
