/**
 * Where the save latency tail comes from, and whether the machine was quiet enough to judge it.
 *
 * - `machineBusy`: the share of all CPUs busy over a short window (/proc/stat), measured before the
 *   run starts anything and again after the load, while our processes idle. The save p95 target
 *   (50 ms outside the fault windows) is only a pass/fail check when both are below QUIET_BUSY: on
 *   a machine shared with other builds the figure says more about them than about the app.
 * - `tailReport`: the save latencies seen by the load driver beside what the instances saw — the
 *   server's own duration of each save (access log), their event-loop delay, GC pauses, CPU and
 *   pool waits (loop-probe.mjs) — and the driver's own event-loop delay (a stalled driver inflates
 *   every latency it measures).
 */
import fs from 'node:fs';
import os from 'node:os';
import type { IntervalHistogram } from 'node:perf_hooks';
import { percentile } from './load';

/** Machine busy share above which the run does not count as quiet (other processes on the CPUs). */
export const QUIET_BUSY = 0.15;
/** The save p95 target outside the fault windows, checked on a quiet machine. */
export const SAVE_P95_TARGET_MS = 50;

function cpuTimes(): { idle: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: idle + iowait is not busy.
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { idle, total: v.slice(0, 8).reduce((a, b) => a + b, 0) };
}

/** Share (0–1) of all CPUs busy during the next `ms` milliseconds; null where /proc/stat is missing. */
export async function machineBusy(ms = 3000): Promise<number | null> {
  if (!fs.existsSync('/proc/stat')) return null;
  const a = cpuTimes();
  await new Promise((r) => setTimeout(r, ms));
  const b = cpuTimes();
  const total = b.total - a.total;
  return total > 0 ? 1 - (b.idle - a.idle) / total : null;
}

export interface ProbeLine { t: number; loopMaxMs: number; loopP99Ms: number; loopMeanMs: number; gcCount: number; gcMs: number; gcMaxMs: number; cpuMs: number; poolMaxWaiting: number; poolMaxInUse: number; heapMb: number }

export function readProbe(file: string): ProbeLine[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).flatMap((l) => { try { return [JSON.parse(l) as ProbeLine]; } catch { return []; } });
}

export interface ServedRequest { t: number; ms: number; method: string; route: string }

/** Every request of the instance's access log: finish time (epoch ms), its duration, method and route. */
export function servedRequests(logFile: string): ServedRequest[] {
  if (!fs.existsSync(logFile)) return [];
  const out: ServedRequest[] = [];
  for (const l of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (!l.includes('"msg":"request"')) continue;
    try {
      const j = JSON.parse(l) as { time?: string; route?: string; durationMs?: number; method?: string };
      if (typeof j.durationMs === 'number' && j.time) out.push({ t: Date.parse(j.time), ms: j.durationMs, method: j.method ?? '', route: j.route ?? '' });
    } catch { /* a partial line */ }
  }
  return out;
}

/** The server's duration of each POST to `route` (the save action), from the instance's access log. */
export function serverDurations(logFile: string, route: string): { t: number; ms: number }[] {
  return servedRequests(logFile).filter((r) => r.method === 'POST' && r.route === route);
}

/** A page render: a GET of an app page (not assets, probes or the API). */
const isPage = (r: ServedRequest) => r.method === 'GET' && !r.route.startsWith('/_next/') && !r.route.startsWith('/api/') && r.route !== '/icon.svg';

/**
 * Of the saves an instance served (its own timing), how many overlapped a page render on the same
 * instance: the renders run on the same event loop, so a save arriving during one waits for it.
 */
export function renderOverlap(reqs: ServedRequest[], saveRoute: string, keep: (t: number) => boolean): { saves: number; slow: number; slowOverlapping: number; allOverlapping: number; pages: number; pageP50: number; pageP95: number } {
  const pages = reqs.filter(isPage).map((r) => ({ start: r.t - r.ms, end: r.t, ms: r.ms })).sort((x, y) => x.start - y.start);
  const saves = reqs.filter((r) => r.method === 'POST' && r.route === saveRoute && keep(r.t)).map((r) => ({ start: r.t - r.ms, end: r.t, ms: r.ms }));
  const overlaps = (s: { start: number; end: number }) => pages.some((p) => p.start < s.end && p.end > s.start);
  const slow = saves.filter((s) => s.ms > SAVE_P95_TARGET_MS);
  const pageMs = pages.map((p) => p.ms);
  return { saves: saves.length, slow: slow.length, slowOverlapping: slow.filter(overlaps).length, allOverlapping: saves.filter(overlaps).length,
    pages: pages.length, pageP50: pct(pageMs, 50), pageP95: pct(pageMs, 95) };
}

const share = (n: number, of: number) => `${of ? Math.round((100 * n) / of) : 0} %`;
const pct = (xs: number[], p: number) => Number(percentile([...xs].sort((a, b) => a - b), p).toFixed(1));

export interface TailInput {
  loadStart: number; loadEnd: number;
  /** Client-side latencies (ms) and their finish times (ms since loadStart). */
  latencies: number[]; latencyAt: number[];
  inFault: (msSinceStart: number) => boolean;
  instances: { port: number; logFile: string; probeFile: string }[];
  saveRoute: string;
  driverLoop: IntervalHistogram;
}

/** Figures for the report; `log` prints the lines. */
export function tailReport(x: TailInput, log: (s: string) => void): Record<string, unknown> {
  const steady = (t: number) => t >= x.loadStart && t <= x.loadEnd && !x.inFault(t - x.loadStart);
  const client = x.latencies.filter((_, i) => !x.inFault(x.latencyAt[i] ?? 0));
  const server = x.instances.flatMap((i) => serverDurations(i.logFile, x.saveRoute)).filter((d) => steady(d.t)).map((d) => d.ms);
  const perInstance = x.instances.map((inst) => {
    const lines = readProbe(inst.probeFile).filter((l) => steady(l.t));
    const seconds = lines.length || 1;
    return {
      port: inst.port, seconds: lines.length,
      'CPU % of a core': Number((lines.reduce((a, l) => a + l.cpuMs, 0) / seconds / 10).toFixed(1)),
      'loop delay p99 ms (median second)': pct(lines.map((l) => l.loopP99Ms), 50),
      'loop delay max ms': Number(Math.max(0, ...lines.map((l) => l.loopMaxMs)).toFixed(1)),
      'seconds with a stall > 50 ms': lines.filter((l) => l.loopMaxMs > SAVE_P95_TARGET_MS).length,
      'GC ms/s': Number((lines.reduce((a, l) => a + l.gcMs, 0) / seconds).toFixed(1)),
      'GC max pause ms': Number(Math.max(0, ...lines.map((l) => l.gcMaxMs)).toFixed(1)),
      'pool max waiting': Math.max(0, ...lines.map((l) => l.poolMaxWaiting)),
      'seconds with pool waits': lines.filter((l) => l.poolMaxWaiting > 0).length,
      'pool max in use': Math.max(0, ...lines.map((l) => l.poolMaxInUse)),
    };
  });
  console.table(perInstance);
  // Slow saves (over the target) that finished in or just after a second in which an instance's loop stalled over 50 ms.
  const stalls = new Set(x.instances.flatMap((i) => readProbe(i.probeFile)).filter((l) => l.loopMaxMs > SAVE_P95_TARGET_MS).map((l) => Math.floor(l.t / 1000)));
  const slow = x.latencyAt.map((at, i) => ({ at: x.loadStart + at, ms: x.latencies[i] ?? 0 })).filter((s) => s.ms > SAVE_P95_TARGET_MS && !x.inFault(s.at - x.loadStart));
  const nearStall = (at: number) => [0, 1, 2].some((d) => stalls.has(Math.floor(at / 1000) - d));
  const withStall = slow.filter((s) => nearStall(s.at)).length;
  // The base rate: of all saves outside the faults, how many finished that close to a stall (when
  // the slow ones are no likelier to, the stalls do not explain them).
  const all = x.latencyAt.filter((at) => !x.inFault(at)).map((at) => x.loadStart + at);
  const allNearStall = all.filter(nearStall).length;
  const overlap = x.instances.map((i) => renderOverlap(servedRequests(i.logFile), x.saveRoute, steady));
  const sum = (k: keyof (typeof overlap)[number]) => overlap.reduce((acc, o) => acc + o[k], 0);
  const figures = {
    renderOverlap: { perInstance: overlap, slowSaves: sum('slow'), slowOverlappingARender: sum('slowOverlapping'), saves: sum('saves'), overlappingARender: sum('allOverlapping') },
    clientSave: { n: client.length, p50: pct(client, 50), p95: pct(client, 95), p99: pct(client, 99) },
    serverSave: { n: server.length, p50: pct(server, 50), p95: pct(server, 95), p99: pct(server, 99) },
    driverLoopDelay: { p99: Number((x.driverLoop.percentile(99) / 1e6).toFixed(1)), max: Number((x.driverLoop.max / 1e6).toFixed(1)) },
    slowSaves: slow.length, slowSavesNearInstanceStall: withStall, allSavesNearInstanceStall: allNearStall, allSaves: all.length,
    instances: perInstance,
    cores: os.cpus().length,
  };
  log(`save latency outside the faults — load driver: p50/p95/p99 ${figures.clientSave.p50}/${figures.clientSave.p95}/${figures.clientSave.p99} ms; ` +
    `the instances' own time (access log, ${server.length} saves): ${figures.serverSave.p50}/${figures.serverSave.p95}/${figures.serverSave.p99} ms; ` +
    `driver event-loop delay p99 ${figures.driverLoopDelay.p99} ms, max ${figures.driverLoopDelay.max} ms; ` +
    `${slow.length} saves over ${SAVE_P95_TARGET_MS} ms, ${withStall} (${share(withStall, slow.length)}) of them finished within 2 s after an instance's event loop stalled > ${SAVE_P95_TARGET_MS} ms ` +
    `(of all saves: ${share(allNearStall, all.length)})`);
  const o = figures.renderOverlap;
  log(`page renders on the instances (${overlap.map((v, i) => `:${x.instances[i]?.port} ${v.pages} pages, p50 ${v.pageP50} ms, p95 ${v.pageP95} ms`).join('; ')}): ` +
    `${o.slowOverlappingARender} of the ${o.slowSaves} saves the instances took over ${SAVE_P95_TARGET_MS} ms for (${share(o.slowOverlappingARender, o.slowSaves)}) overlapped a page render on the same instance; ` +
    `of all saves ${share(o.overlappingARender, o.saves)}`);
  return figures;
}
