/**
 * Dashboards and exports on a real PostgreSQL streaming replica (db/replica.ts): the test starts its
 * own primary and a `pg_basebackup -R` standby of it on free ports (test/replica/cluster.ts), migrates
 * the primary, and checks that
 *   - the dashboards' read goes to the replica once it has replayed a save;
 *   - with replay paused, the read still goes there and shows the old numbers, and the page says it
 *     is stale with the lag; the export's event is recorded on the primary;
 *   - an idle primary's next write is not reported as hours of lag (the position, not the last
 *     replay time, decides);
 *   - with the replica stopped, reads fall back to the primary and say so, and saves succeed; once it
 *     is back, it is used again after DOWN_RETRY_MS;
 *   - a server that is no standby is never used as one.
 * Runs in the PostgreSQL integration suite (the servers it starts need PostgreSQL's binaries, which
 * that suite's machines have); skipped with a message when they are missing.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDatabase, setDatabaseForTests, type Database, type Db } from '@/db/client';
import { migrate } from '@/db/migrate';
import { connectClient } from '@/db/pg-client';
import { DOWN_RETRY_MS, readForAnalysis, readSourceHeader, setReplicaForTests, type ReadSource } from '@/db/replica';
import { ReplicaNotice } from '@/components/dashboard/replica-notice';
import { readAnalysisDataset } from '@/lib/services/analysis/read-analysis-dataset';
import { exportData } from '@/lib/services/exchange/export-data';
import { saveResponse } from '@/lib/services/crf/save-response';
import { makeCentre, makePatient, makeUser, principal } from './helpers/fixtures';
import { TEST_DB_KIND } from './helpers/test-db';
import { postgresBinDir, startReplicaPair, type ReplicaPair } from '../replica/cluster';

const binDir = postgresBinDir();
if (TEST_DB_KIND === 'pg' && !binDir) console.warn('[replica] PostgreSQL server binaries (initdb, pg_basebackup) not found: skipped');

describe.skipIf(TEST_DB_KIND !== 'pg' || !binDir)('read replica: a real streaming standby started by the test', () => {
  let pair: ReplicaPair;
  let primary: Database;
  let replica: Database;
  let centre: { id: number; code: string };
  let coordinator: Awaited<ReturnType<typeof makeUser>>;
  let investigator: Awaited<ReturnType<typeof makeUser>>;
  let firstPatient: string;
  let n = 0;

  /** What a dashboard page does (app/dashboard/load.ts), and what the page would say about it. */
  const dashboardRead = async () => {
    const r = await readForAnalysis((db) => readAnalysisDataset(db, principal(coordinator)));
    return { patients: r.value.length, source: r.source, notice: renderToStaticMarkup(createElement(ReplicaNotice, { source: r.source })) };
  };
  const replicaSql = async (text: string) => {
    const c = await connectClient(pair.replicaUrl, { label: 'replica test' });
    try { return (await c.query(text)).rows as Record<string, unknown>[]; } finally { await c.end(); }
  };
  let version: number | null = null;
  /** A CRF save (the response form of the first patient), each with a new value. */
  const save = async (db: Db) => {
    const r = await saveResponse(db, { id: investigator.id, role: 'investigator', centreId: centre.id, email: investigator.email },
      { patientCode: firstPatient, version, idempotencyKey: `replica-${n}`, changeReason: version === null ? null : `replica test save ${n}`, bestResponse: n % 2 ? 'PR' : 'CR', assessedDate: '2018-02-01' });
    n++;
    version = r.version;
    return r;
  };
  const exportEvents = async () => {
    const c = await connectClient(pair.primaryUrl, { label: 'replica test' });
    try { return Number((await c.query<{ n: string }>("SELECT count(*) AS n FROM audit_log WHERE action = 'data_export'")).rows[0]?.n); } finally { await c.end(); }
  };

  beforeAll(async () => {
    pair = await startReplicaPair(binDir ?? '');
    primary = createPgDatabase(pair.primaryUrl, { max: 5 });
    await migrate(primary);
    setDatabaseForTests(primary);
    replica = createPgDatabase(pair.replicaUrl, { max: 3, connectionTimeoutMillis: 2_000 });
    setReplicaForTests(replica);
    centre = await makeCentre(primary.db, 'RP-01');
    coordinator = await makeUser(primary.db, { email: 'coordinator@replica.test', role: 'coordinator' });
    investigator = await makeUser(primary.db, { email: 'investigator@replica.test', role: 'investigator', centreId: centre.id });
    firstPatient = (await makePatient(primary.db, centre, 1, investigator.id)).code;
  }, 120_000);

  afterAll(async () => {
    setReplicaForTests(undefined);
    setDatabaseForTests(undefined);
    await replica?.close().catch(() => undefined);
    await primary?.close().catch(() => undefined);
    pair?.stop();
  });

  it('reads the dashboard dataset from the replica once it has replayed the writes; nothing to say then', async () => {
    await expect.poll(async () => (await dashboardRead()).patients, { timeout: 10_000 }).toBe(1);
    const r = await dashboardRead();
    expect(r.source).toEqual({ kind: 'replica', stale: false });
    expect(r.notice).toBe('');
  });

  it('replay paused: the read still goes to the replica, shows the old numbers and says it is stale with the lag; the export is audited on the primary', async () => {
    await replicaSql('SELECT pg_wal_replay_pause()');
    await expect.poll(async () => (await replicaSql('SELECT pg_get_wal_replay_pause_state() AS s'))[0]?.s).toBe('paused');
    await makePatient(primary.db, centre, 2, investigator.id);
    await save(primary.db);
    const t0 = Date.now();
    const r = await dashboardRead();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200); // it waited for the replica to catch up first
    expect(r.patients).toBe(1);
    expect(r.source.kind).toBe('replica');
    const stale = r.source as Extract<ReadSource, { stale: true }>;
    expect(stale.stale).toBe(true);
    expect(stale.behindBytes).toBeGreaterThan(0);
    expect(stale.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(stale.asOf?.getTime()).toBeLessThanOrEqual(Date.now());
    expect(r.notice).toMatch(/Data as of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(replica lag \d+ s\): the read replica has not yet replayed the latest changes/);

    const before = await exportEvents();
    const file = await readForAnalysis((readDb) => exportData(primary.db, { ...principal(coordinator), email: coordinator.email }, 'csv', new Date(), readDb));
    expect(file.value.patients).toBe(1);
    expect(readSourceHeader(file.source)).toMatch(/^replica; stale; lag=\d+s; as-of=\d{4}-/);
    expect(await exportEvents()).toBe(before + 1);

    await replicaSql('SELECT pg_wal_replay_resume()');
    await expect.poll(async () => (await dashboardRead()).patients, { timeout: 10_000 }).toBe(2);
    const after = await dashboardRead();
    expect(after.source).toEqual({ kind: 'replica', stale: false });
    // The export event written on the primary reached the replica too.
    expect(Number((await replicaSql("SELECT count(*) AS n FROM audit_log WHERE action = 'data_export'"))[0]?.n)).toBe(before + 1);
  });

  it('an idle primary\'s next write is no lag of the idle time: the replica\'s position decides', async () => {
    await new Promise((r) => setTimeout(r, 2_000));
    await makePatient(primary.db, centre, 3, investigator.id);
    const r = await dashboardRead();
    // pg_last_xact_replay_timestamp() was 2 s old at the write; the replica caught up within CATCH_UP_MS.
    expect(r.source).toEqual({ kind: 'replica', stale: false });
    expect(r.patients).toBe(3);
  });

  it('replica stopped: reads fall back to the primary and say so, saves succeed, exports still work; back, it is used again after DOWN_RETRY_MS', async () => {
    pair.stopReplica();
    const saved = await save(primary.db);
    expect(saved.version).toBeGreaterThan(0);
    await makePatient(primary.db, centre, 4, investigator.id);
    const r = await dashboardRead();
    expect(r.source).toEqual({ kind: 'fallback', reason: 'unreachable' });
    expect(r.patients).toBe(4);
    expect(r.notice).toContain('The read replica cannot be reached: these analyses were read from the primary database instead');
    const before = await exportEvents();
    const file = await readForAnalysis((readDb) => exportData(primary.db, { ...principal(coordinator), email: coordinator.email }, 'csv', new Date(), readDb));
    expect(file.value.patients).toBe(4);
    expect(readSourceHeader(file.source)).toBe('primary; fallback=unreachable');
    expect(await exportEvents()).toBe(before + 1);

    // Back up: not tried again until DOWN_RETRY_MS after the failure (no connection attempt per page
    // while it is down), then used again once it has caught up.
    pair.startReplica();
    expect((await dashboardRead()).source).toEqual({ kind: 'fallback', reason: 'unreachable' });
    await new Promise((r) => setTimeout(r, DOWN_RETRY_MS));
    await expect.poll(async () => (await dashboardRead()).source, { timeout: 15_000, interval: 250 }).toEqual({ kind: 'replica', stale: false });
    expect((await dashboardRead()).patients).toBe(4);
  });

  it('a server that is no standby (e.g. promoted) is not used as the replica', async () => {
    const notStandby = createPgDatabase(pair.primaryUrl, { max: 1 });
    setReplicaForTests(notStandby);
    try {
      const r = await dashboardRead();
      expect(r.source).toEqual({ kind: 'fallback', reason: 'not-a-standby' });
      expect(r.patients).toBe(4);
      expect(r.notice).toContain('is no longer a standby of this database');
    } finally {
      setReplicaForTests(replica);
      await notStandby.close();
    }
  });
});
