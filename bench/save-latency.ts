/**
 * `npx tsx --conditions=react-server bench/save-latency.ts`: CRF save latency on ONE production
 * instance, without nginx, faults or the resilience run's other phases — for profiling where a
 * save's time goes. Scratch database on the local PostgreSQL (dropped at the end), the build in
 * SAVE_BENCH_DIST_DIR (default .next-rel; built when stale), SAVE_BENCH_USERS users (default 25, one
 * instance's share of the resilience load) saving with SAVE_BENCH_THINK_MS (1000) mean think time
 * for SAVE_BENCH_SECONDS (30), optionally with SAVE_BENCH_PAGES_PER_S page renders of /patients
 * beside them (the resilience monitor's share: 4/s). Prints the client's and the server's p50/p95/p99,
 * event-loop delay, GC and pool waits (test/resilience/tail.ts). RESILIENCE_NODE_ARGS="--cpu-prof
 * --cpu-prof-dir=DIR" profiles the instance.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DEMO_USERS } from '../db/seed/demo-users';
import { createCluster, dropCluster, ensureBuild, Instance, log } from '../test/resilience/instances';
import { createLoadUsers, httpSaver, LOAD_PASSWORD, runLoad, summarise } from '../test/resilience/load';
import { findAction, NextClient, readActions } from '../test/resilience/next-client';
import { machineBusy, tailReport } from '../test/resilience/tail';

const DIST = process.env.SAVE_BENCH_DIST_DIR ?? '.next-rel';
const USERS = Number(process.env.SAVE_BENCH_USERS ?? 25);
const THINK_MS = Number(process.env.SAVE_BENCH_THINK_MS ?? 1000);
const SECONDS = Number(process.env.SAVE_BENCH_SECONDS ?? 30);
const PAGES_PER_S = Number(process.env.SAVE_BENCH_PAGES_PER_S ?? 0);
const PORT = Number(process.env.SAVE_BENCH_PORT ?? 3361);

async function main(): Promise<void> {
  const busy = await machineBusy();
  log(`machine busy before: ${busy === null ? '?' : `${(busy * 100).toFixed(0)} %`}`);
  ensureBuild(DIST);
  const cluster = await createCluster(DIST);
  const inst = new Instance(cluster, PORT);
  try {
    await inst.start();
    const ref = findAction(readActions(DIST), 'saveResponseAction');
    if (!ref) throw new Error('saveResponseAction is not in the build');
    const users = await createLoadUsers(cluster, USERS, Date.now().toString(36).slice(-4));
    const clients = new Map<number, NextClient[]>();
    for (const u of users) {
      const c = new NextClient(inst.base);
      if (!(await c.login(u.email, LOAD_PASSWORD)).ok) throw new Error(`login failed for ${u.email}`);
      clients.set(u.id, [c]);
    }
    const admin = DEMO_USERS.find((u) => u.role === 'admin');
    const viewer = new NextClient(inst.base);
    if (admin) await viewer.login(admin.email, admin.password);
    // Warm-up: the first requests compile and cache (not measured).
    await runLoad(users.slice(0, 5), httpSaver(clients, ref), { seconds: 3, thinkMs: 0 });
    let stop = false;
    const pages: number[] = [];
    const pageLoop = PAGES_PER_S > 0 ? (async () => {
      while (!stop) {
        const t = performance.now();
        await (await viewer.fetch('/patients')).text();
        pages.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 1000 / PAGES_PER_S));
      }
    })() : Promise.resolve();
    const driverLoop = monitorEventLoopDelay({ resolution: 10 });
    driverLoop.enable();
    const loadStart = Date.now();
    const stats = await runLoad(users, httpSaver(clients, ref), { seconds: SECONDS, startedAt: loadStart, thinkMs: THINK_MS });
    const loadEnd = Date.now();
    driverLoop.disable();
    stop = true;
    await pageLoop;
    console.table([summarise(`${USERS} users, think ${THINK_MS} ms, ${SECONDS} s, ${PAGES_PER_S} /patients renders/s`, stats)]);
    if (pages.length) {
      const s = [...pages].sort((x, y) => x - y);
      log(`/patients page: n ${s.length}, p50 ${s[Math.floor(s.length / 2)]?.toFixed(1)} ms, max ${s.at(-1)?.toFixed(1)} ms`);
    }
    tailReport({ loadStart, loadEnd, latencies: stats.latencies, latencyAt: stats.latencyAt, inFault: () => false, instances: [inst], saveRoute: ref.route, driverLoop }, log);
  } finally {
    await inst.stop();
    await dropCluster(cluster);
  }
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
