/**
 * Benchmark of lib/survival against R (`npm run bench:survival`).
 *
 * For n = 10^4, 10^5, 10^6 subjects in 3 groups (bench/generate-survival-data.ts,
 * fixed seed) it times, as the median of several runs:
 *   KM       kaplanMeier per group (survfit(Surv(time, status) ~ group))
 *   median   median + CI of each group curve (print.survfit / summary()$table)
 *   logrank  logRank (survdiff)
 *   cox      coxPh with the group as a categorical covariate (coxph, Efron ties)
 * and reports peak rss / heapUsed sampled during the runs. When `Rscript` with
 * the survival package is available, the same CSV is analysed by R in the same
 * run (bench/out/*.csv) and R's times and the speed-up ratio are printed.
 *
 * Then, on the largest n's CSV, the whole-process comparison (bench/survival-cli.ts): R as a whole
 * process (read.csv included) against the CLI as a whole process, best of 3, with the in-process
 * ratio beside it, the CLI's start-up on a tiny file, and a check that the CLI's numbers equal R's.
 *
 *   npm run bench:survival                      n = 10^4, 10^5, 10^6
 *   npm run bench:survival-cli                  n = 10^6 only (= tsx bench/survival.ts --sizes=1000000)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { coxPh, kaplanMeier, logRank, survivalMedian, type KmCurve } from '../lib/survival';
import { generateSurvivalData, toCsv, type SurvivalData } from './generate-survival-data';
import { compareWholeProcess } from './survival-cli';

const sizesArg = process.argv.find((a) => a.startsWith('--sizes='));
const SIZES = sizesArg ? sizesArg.slice('--sizes='.length).split(',').map(Number) : [10_000, 100_000, 1_000_000];
const OPS = ['km', 'median', 'logrank', 'cox'] as const;
type Op = (typeof OPS)[number];
const OUT_DIR = path.join(__dirname, 'out');

let peakRss = 0;
let peakHeap = 0;
function sampleMemory(): void {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function groupRows(d: SurvivalData): { time: Float64Array; status: Uint8Array }[] {
  return [0, 1, 2].map((g) => {
    let n = 0;
    for (let i = 0; i < d.groupIndex.length; i++) if (d.groupIndex[i] === g) n++;
    const time = new Float64Array(n);
    const status = new Uint8Array(n);
    let k = 0;
    for (let i = 0; i < d.groupIndex.length; i++) {
      if (d.groupIndex[i] !== g) continue;
      time[k] = d.time[i] as number;
      status[k] = d.status[i] as number;
      k++;
    }
    return { time, status };
  });
}

function timeTs(d: SurvivalData, runs: number): Record<Op, number> {
  const times: Record<Op, number[]> = { km: [], median: [], logrank: [], cox: [] };
  for (let r = 0; r < runs; r++) {
    let t0 = performance.now();
    // survfit(~ group) splits by group, so does the timed KM step
    const curves: KmCurve[] = groupRows(d).map((g) => kaplanMeier(g.time, g.status));
    times.km.push(performance.now() - t0);
    sampleMemory();
    t0 = performance.now();
    for (const c of curves) survivalMedian(c);
    times.median.push(performance.now() - t0);
    t0 = performance.now();
    logRank(d.time, d.status, d.group);
    times.logrank.push(performance.now() - t0);
    sampleMemory();
    t0 = performance.now();
    coxPh(d.time, d.status, [{ name: 'group', values: d.group, type: 'categorical' }]);
    times.cox.push(performance.now() - t0);
    sampleMemory();
  }
  return { km: median(times.km), median: median(times.median), logrank: median(times.logrank), cox: median(times.cox) };
}

const R_SCRIPT = `
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
runs <- as.integer(args[2])
tm <- function(expr) { t <- proc.time()[["elapsed"]]; force(expr); (proc.time()[["elapsed"]] - t) * 1000 }
res <- matrix(NA, runs, 4)
for (r in 1:runs) {
  t1 <- proc.time()[["elapsed"]]; fit <- survfit(Surv(time, status) ~ group, data = d); t2 <- proc.time()[["elapsed"]]
  tab <- summary(fit)$table[, c("median", "0.95LCL", "0.95UCL")]; t3 <- proc.time()[["elapsed"]]
  sd <- survdiff(Surv(time, status) ~ group, data = d); t4 <- proc.time()[["elapsed"]]
  cx <- coxph(Surv(time, status) ~ group, data = d); t5 <- proc.time()[["elapsed"]]
  res[r, ] <- c(t2 - t1, t3 - t2, t4 - t3, t5 - t4) * 1000
}
cat(paste(apply(res, 2, median), collapse = ","), "\\n")
`;

function haveR(): boolean {
  const r = spawnSync('Rscript', ['-e', 'suppressMessages(library(survival))'], { stdio: 'ignore' });
  return r.status === 0;
}

function writeCsv(d: SurvivalData): string {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const csv = path.join(OUT_DIR, `survival-${d.time.length}.csv`);
  fs.writeFileSync(csv, toCsv(d));
  return csv;
}

function timeR(csv: string, runs: number): Record<Op, number> {
  const script = path.join(OUT_DIR, 'survival-bench.R');
  fs.writeFileSync(script, R_SCRIPT);
  const out = execFileSync('Rscript', [script, csv, String(runs)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const [km, med, lr, cox] = out.trim().split(',').map(Number);
  return { km: km ?? NaN, median: med ?? NaN, logrank: lr ?? NaN, cox: cox ?? NaN };
}

const fmt = (x: number): string => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
const mb = (b: number): string => `${(b / 1048576).toFixed(0)} MB`;

function main(): void {
  const withR = haveR();
  console.log(`lib/survival benchmark (node ${process.version}); times are medians in ms`);
  if (!withR) console.log('R not available (Rscript with the survival package not found): R comparison skipped.');
  const header = ['n', 'op', 'TS ms', ...(withR ? ['R ms', 'R/TS'] : []), 'peak rss', 'peak heapUsed'];
  const rows: string[][] = [];
  const totals: { n: number; ts: number; r: number; csv: string }[] = [];
  for (const n of SIZES) {
    const d = generateSurvivalData(n);
    global.gc?.();
    peakRss = 0;
    peakHeap = 0;
    sampleMemory();
    const runs = n >= 1_000_000 ? 3 : n >= 100_000 ? 7 : 15;
    timeTs(d, n >= 1_000_000 ? 1 : 3); // warm-up (JIT)
    const ts = timeTs(d, runs);
    const csv = writeCsv(d);
    const r = withR ? timeR(csv, runs) : null;
    let tsTotal = 0;
    let rTotal = 0;
    for (const op of OPS) {
      tsTotal += ts[op];
      rTotal += r ? r[op] : 0;
      rows.push([String(n), op, fmt(ts[op]), ...(r ? [fmt(r[op]), r[op] > 0 ? `${(r[op] / ts[op]).toFixed(1)}x` : '-'] : []), '', '']);
    }
    rows.push([String(n), 'total', fmt(tsTotal), ...(r ? [fmt(rTotal), `${(rTotal / tsTotal).toFixed(1)}x`] : []), mb(peakRss), mb(peakHeap)]);
    totals.push({ n, ts: tsTotal, r: rTotal, csv });
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log('peak memory = process.memoryUsage() sampled during the TS runs of that n (rss includes the generated data).');
  const big = totals.find((t) => t.n === 1_000_000);
  if (withR && big) console.log(`speed-up at n = 10^6: ${(big.r / big.ts).toFixed(1)}x (target >= 5x)`);
  const largest = totals[totals.length - 1];
  if (largest) {
    const whole = compareWholeProcess(largest.csv, withR, withR ? largest.r / largest.ts : null);
    if (whole.mismatches.length) process.exitCode = 1;
  }
}

main();
