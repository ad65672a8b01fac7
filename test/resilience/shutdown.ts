/**
 * Graceful shutdown (issue 12): one production instance (scripts/server.ts, the server `npm start`
 * runs) on PostgreSQL, a burst of CRF saves from RESILIENCE_SHUTDOWN_USERS (20) users back to back,
 * SIGTERM in the middle. Checks: the instance exits 0 within SHUTDOWN_TIMEOUT_SECONDS; no request
 * sent before the signal got a 5xx or lost its connection; the saves in flight at the signal were
 * acknowledged; every acknowledged save is in the database (audit replay = data); /api/ready said
 * 503 while draining; the log is JSON lines ending with "stopped".
 *
 * Part of `npm run test:resilience` (run.ts calls shutdownPhase); alone, on its own scratch database:
 *   npx tsx --conditions=react-server test/resilience/shutdown.ts
 * (RESILIENCE_DIST_DIR, default .next-rel, is built first if stale; RESILIENCE_SHUTDOWN_PORT 3313).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createLoadUsers, LOAD_PASSWORD, verifyWrites, type Ack, type LoadUser } from './load';
import { createCluster, dropCluster, ensureBuild, log, type Cluster } from './instances';
import { findAction, NextClient, readActions } from './next-client';

type Check = (ok: boolean, what: string) => void;

interface Attempt { userId: number; sentAt: number; doneAt: number; status: number; ok: boolean; error?: string }

export interface ShutdownFigures {
  users: number; attempts: number; beforeSignal: number; inFlightAtSignal: number; acknowledged: number;
  fivexxBeforeSignal: number; connectionErrorsBeforeSignal: number; afterSignal: number; afterSignalRefused: number;
  exitCode: number | null; secondsToExit: number; lost: number; mismatches: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function shutdownPhase(cluster: Cluster, port: number, check: Check): Promise<ShutdownFigures> {
  const users = Number(process.env.RESILIENCE_SHUTDOWN_USERS ?? 20);
  const timeoutSeconds = 25;
  const base = `http://localhost:${port}`;
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'server.ts')], {
    env: { ...process.env, ...cluster.env, PORT: String(port), NEXTAUTH_URL: base, SHUTDOWN_TIMEOUT_SECONDS: String(timeoutSeconds), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (d: Buffer) => { output += d.toString(); });
  proc.stderr.on('data', (d: Buffer) => { output += d.toString(); });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  try {
    for (let t0 = Date.now(); ; await sleep(250)) {
      if (proc.exitCode !== null) throw new Error(`server exited while starting:\n${output.slice(-2000)}`);
      if (Date.now() - t0 > 90_000) throw new Error('server did not become ready in 90 s');
      const ready = await fetch(`${base}/api/ready`).catch(() => null);
      if (ready?.status === 200) break;
    }
    const ref = findAction(readActions(cluster.distDir), 'saveResponseAction');
    if (!ref) throw new Error('saveResponseAction is not in the build');
    const tag = (Date.now() % 46_000 + 1_000).toString(36);
    const people: LoadUser[] = await createLoadUsers(cluster, users, tag);
    const clients = new Map<number, NextClient>();
    for (const u of people) {
      const c = new NextClient(base);
      const r = await c.login(u.email, LOAD_PASSWORD);
      if (!r.ok) throw new Error(`shutdown phase: ${u.email} could not log in (${r.error ?? r.status})`);
      clients.set(u.id, c);
    }

    const attempts: Attempt[] = [];
    const acks: Ack[] = [];
    let signalAt = Infinity;
    let stop = false;
    const burst = Promise.all(people.map(async (u) => {
      const client = clients.get(u.id);
      if (!client) return;
      let version: number | null = null;
      for (let n = 1; !stop; n++) {
        const reason = `shutdown u${u.id} s${n}`;
        const input = {
          patientCode: u.patientCode, version, idempotencyKey: `shutdown-${u.id}-${n}-${tag}`, changeReason: reason,
          bestResponse: n % 2 ? 'PR' : 'SD', assessedDate: n % 2 ? '2018-03-01' : '2018-04-01',
        };
        const sentAt = Date.now();
        try {
          const r = await client.action(ref, [input]);
          const res = r.result as { ok?: boolean; data?: { version?: number } } | undefined;
          const ok = r.status === 200 && res?.ok === true;
          attempts.push({ userId: u.id, sentAt, doneAt: Date.now(), status: r.status, ok });
          if (ok) {
            version = res?.data?.version ?? version;
            acks.push({ userId: u.id, patientId: u.patientId, reason, version: version ?? -1, at: Date.now() });
          }
        } catch (err) {
          attempts.push({ userId: u.id, sentAt, doneAt: Date.now(), status: 0, ok: false, error: (err as Error).message });
          // Refused after the signal: this instance is gone; a load balancer would send the user elsewhere.
          if (sentAt >= signalAt) return;
        }
      }
    }));

    // Let the burst run, then SIGTERM with saves in flight; probe readiness while draining.
    for (let t0 = Date.now(); acks.length < users * 3 && Date.now() - t0 < 60_000;) await sleep(100);
    signalAt = Date.now();
    log(`SIGTERM to the instance on :${port} after ${acks.length} acknowledged saves`);
    proc.kill('SIGTERM');
    // Once the server has taken the signal in (its log says so), readiness must no longer be 200.
    for (let t0 = Date.now(); !output.includes('"msg":"shutting down') && Date.now() - t0 < 5_000;) await sleep(20);
    const readyWhileDraining = await fetch(`${base}/api/ready`).then((r) => r.status).catch(() => 0);
    const code = await Promise.race([exited, sleep((timeoutSeconds + 15) * 1000).then(() => 'hung' as const)]);
    const secondsToExit = (Date.now() - signalAt) / 1000;
    stop = true;
    await burst;

    const before = attempts.filter((a) => a.sentAt < signalAt);
    const inFlight = before.filter((a) => a.doneAt >= signalAt);
    const after = attempts.filter((a) => a.sentAt >= signalAt);
    const v = await verifyWrites(cluster, people, acks);
    const lines = output.split('\n').filter((l) => l.startsWith('{'));
    const last = lines.at(-1) ?? '';
    const figures: ShutdownFigures = {
      users, attempts: attempts.length, beforeSignal: before.length, inFlightAtSignal: inFlight.length,
      acknowledged: acks.length, fivexxBeforeSignal: before.filter((a) => a.status >= 500).length,
      connectionErrorsBeforeSignal: before.filter((a) => a.status === 0).length, afterSignal: after.length,
      afterSignalRefused: after.filter((a) => a.status === 0).length, exitCode: code === 'hung' ? null : code,
      secondsToExit: Number(secondsToExit.toFixed(1)), lost: v.lost.length, mismatches: v.mismatches.length,
    };
    console.table([figures]);
    check(code === 0, `SIGTERM: the instance exited with code 0 (${code}) ${figures.secondsToExit} s after the signal (timeout ${timeoutSeconds} s)`);
    check(inFlight.length > 0 && inFlight.every((a) => a.ok), `SIGTERM: all ${inFlight.length} saves in flight at the signal were acknowledged`);
    check(figures.fivexxBeforeSignal === 0 && figures.connectionErrorsBeforeSignal === 0,
      `SIGTERM: no 5xx and no dropped connection for the ${before.length} requests sent before the signal`);
    check(attempts.every((a) => a.status < 500), 'SIGTERM: no 5xx at all (requests after the signal were refused at connect or served)');
    check(v.lost.length === 0 && v.mismatches.length === 0 && v.pendingKeys === 0,
      `SIGTERM: every one of ${acks.length} acknowledged saves is in the database, data = audit replay (${v.lost.length} lost, ${v.mismatches.length} mismatches, ${v.pendingKeys} pending keys)`);
    check(readyWhileDraining === 503 || readyWhileDraining === 0, `SIGTERM: /api/ready stops answering 200 at once (${readyWhileDraining || 'connection refused'})`);
    check(lines.length > 0 && lines.every((l) => { try { JSON.parse(l); return true; } catch { return false; } }) && /"msg":"stopped"/.test(last),
      `SIGTERM: the log is JSON lines ending with "stopped" (${lines.length} lines)`);
    return figures;
  } finally {
    if (proc.exitCode === null) proc.kill('SIGKILL');
  }
}

if (process.argv[1]?.endsWith('shutdown.ts')) {
  const failures: string[] = [];
  const check: Check = (ok, what) => { log(`${ok ? 'PASS' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };
  const dist = process.env.RESILIENCE_DIST_DIR ?? '.next-rel';
  void (async () => {
    ensureBuild(dist);
    const cluster = await createCluster(dist);
    try {
      await shutdownPhase(cluster, Number(process.env.RESILIENCE_SHUTDOWN_PORT ?? 3313), check);
    } finally {
      await dropCluster(cluster);
    }
    log(failures.length ? `${failures.length} check(s) failed` : 'graceful shutdown checks passed');
    process.exit(failures.length ? 1 : 0);
  })().catch((err: unknown) => { console.error('[shutdown] aborted:', err); process.exit(1); });
}
