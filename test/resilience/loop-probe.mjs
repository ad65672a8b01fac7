/**
 * Loaded into each resilience instance with `node --import` (test/resilience/instances.ts): once a
 * second it appends one JSON line to RESILIENCE_PROBE_FILE with what can make a save wait inside
 * the instance — event-loop delay (perf_hooks.monitorEventLoopDelay: how late a timer ran, i.e. how
 * long the loop was blocked by other work), garbage-collection pauses, the process's CPU time, and
 * the app's database pool (connections in use, requests waiting for one). run.ts reads the lines
 * back and sets them beside the save latencies. Plain JavaScript: it runs before tsx is loaded.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

const file = process.env.RESILIENCE_PROBE_FILE;
if (file) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let gc = { count: 0, ms: 0, maxMs: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) { gc.count++; gc.ms += e.duration; gc.maxMs = Math.max(gc.maxMs, e.duration); }
  }).observe({ entryTypes: ['gc'] });
  let pool = { maxWaiting: 0, maxInUse: 0 };
  let cpu = process.cpuUsage();
  // The app's pool (db/client.ts keeps the database on globalThis; drizzle exposes the pg.Pool as $client).
  const samplePool = async () => {
    const opened = globalThis.__cllDatabase;
    if (!opened) return;
    const p = (await opened).db?.$client;
    if (!p || typeof p.waitingCount !== 'number') return;
    pool.maxWaiting = Math.max(pool.maxWaiting, p.waitingCount);
    pool.maxInUse = Math.max(pool.maxInUse, p.totalCount - p.idleCount);
  };
  setInterval(() => { void samplePool().catch(() => undefined); }, 20).unref();
  setInterval(() => {
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    const line = {
      t: Date.now(),
      loopMaxMs: delay.max / 1e6, loopP99Ms: delay.percentile(99) / 1e6, loopMeanMs: delay.mean / 1e6,
      gcCount: gc.count, gcMs: gc.ms, gcMaxMs: gc.maxMs,
      cpuMs: (used.user + used.system) / 1000,
      poolMaxWaiting: pool.maxWaiting, poolMaxInUse: pool.maxInUse,
      heapMb: process.memoryUsage().heapUsed / 2 ** 20,
    };
    delay.reset();
    gc = { count: 0, ms: 0, maxMs: 0 };
    pool = { maxWaiting: 0, maxInUse: 0 };
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, 1000).unref();
}
