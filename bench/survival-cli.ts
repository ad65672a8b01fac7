/**
 * Whole-process comparison of the survival CLI with R, run by bench/survival.ts after its in-process
 * table (`npm run bench:survival`, or `npm run bench:survival-cli` for n = 10^6 only).
 *
 * On the same CSV, in the same run, each command timed from spawn to exit (best of 3):
 *   R     Rscript: read.csv + survfit + summary()$table + survdiff + coxph, printing the numbers
 *   CLI   node scripts/survival.mjs <csv> --time time --status status --group group
 *         (the command behind `npm run survival`, without npm's own start-up), and the same through
 *         `npm run --silent survival` for the figure a user typing that sees
 * and the CLI's start-up on a tiny file (test/reference/survival/aml.csv, best of 10).
 * The CLI's printed numbers are checked against R's: every number R prints (group sizes, events,
 * medians with 95% CI, rmean per curve, log-rank observed/expected/chi-square/p, Cox coefficients,
 * SEs, HRs with CI, p-values, log-likelihoods and the three tests) must agree to R's 10 printed
 * digits (the LR chi-square to 8, see DIGITS); p-values below 2.2e-16 as R prints them ("<2.2e-16").
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(__dirname, 'out');

const R_WHOLE = `
suppressMessages(library(survival))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
fit <- survfit(Surv(time, status) ~ group, data = d)
tab <- summary(fit, rmean = "individual")$table
sd <- survdiff(Surv(time, status) ~ group, data = d)
cx <- coxph(Surv(time, status) ~ group, data = d)
s <- summary(cx)
out <- function(key, x) cat(key, sprintf("%.10g", unname(x)), "\\n")
outp <- function(key, p) cat(key, ifelse(p < .Machine$double.eps, "<2.2e-16", sprintf("%.10g", unname(p))), "\\n")
out("groups.n", tab[, "records"]); out("groups.events", tab[, "events"])
out("groups.median.log.median", tab[, "median"]); out("groups.median.log.lower", tab[, "0.95LCL"])
out("groups.median.log.upper", tab[, "0.95UCL"]); out("groups.rmean", tab[, "rmean"])
out("logrank.observed", sd$obs); out("logrank.expected", sd$exp); out("logrank.chisq", sd$chisq)
outp("logrank.p", pchisq(sd$chisq, length(sd$n) - 1, lower.tail = FALSE))
out("cox.terms.coef", coef(cx)); out("cox.terms.se", sqrt(diag(vcov(cx)))); out("cox.terms.hr", exp(coef(cx)))
out("cox.terms.hr_lower", s$conf.int[, 3]); out("cox.terms.hr_upper", s$conf.int[, 4])
outp("cox.terms.p_wald", s$coefficients[, 5]); out("cox.loglik", cx$loglik)
out("cox.lr_chisq", s$logtest[["test"]]); out("cox.wald_chisq", s$waldtest[["test"]]); out("cox.score_chisq", s$sctest[["test"]])
`;

interface Timed {
  ms: number;
  stdout: string;
}

function timeCommand(cmd: string, args: string[], runs: number): Timed {
  let best = Infinity;
  let stdout = '';
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const res = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
    const ms = performance.now() - t0;
    if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${res.status}: ${res.stderr}`);
    best = Math.min(best, ms);
    stdout = res.stdout;
  }
  return { ms: best, stdout };
}

/** Values at a dotted path of the CLI's JSON; arrays of groups/terms are mapped over. */
function pick(json: unknown, keyPath: string): number[] {
  let nodes: unknown[] = [json];
  for (const key of keyPath.split('.')) {
    nodes = nodes.flatMap((n) => {
      const v = (n as Record<string, unknown>)[key];
      return Array.isArray(v) ? v : [v];
    });
  }
  return nodes.map((v) => (v === null ? NaN : Number(v)));
}

/**
 * Significant digits a number must share with R's. 10 (R prints 10), except the likelihood-ratio
 * chi-square: it is twice the difference of two log-likelihoods of about -9e6 that each agree to
 * 11 digits (both fits stop at a relative change of 1e-9), so about 1e-4 of it is convergence noise:
 * at 10^6 rows it agreed to 2.7e-9 relative.
 */
const DIGITS: Record<string, number> = { 'cox.lr_chisq': 8 };

/**
 * Same to R's printed digits; NA is NaN; a p-value R would print as "<2.2e-16" only has to be below
 * that (lib/survival's chi-square tail for df > 1 is 1 - cdf, which is 0 down there).
 */
function agrees(cli: number, printed: string, digits: number): boolean {
  if (printed === 'NA') return Number.isNaN(cli);
  if (printed.startsWith('<')) return cli < Number(printed.slice(1));
  const r = Number(printed);
  return Number(cli.toPrecision(digits)) === Number(r.toPrecision(digits)) || Math.abs(cli - r) <= 0.5 * 10 ** (1 - digits) * Math.abs(r);
}

export interface WholeProcessResult {
  rMs: number | null;
  cliMs: number;
  npmMs: number;
  startupMs: number;
  npmStartupMs: number;
  checked: number;
  mismatches: string[];
}

const fmtS = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/**
 * @param csv the CSV the in-process part analysed (time, status, group columns)
 * @param inProcessRatio R / library total of the in-process part on that CSV, printed beside
 */
export function compareWholeProcess(csv: string, withR: boolean, inProcessRatio: number | null): WholeProcessResult {
  console.log(`\nWhole process on ${path.relative(ROOT, csv)} (load average at start: ${load()})`);
  const built = spawnSync(process.execPath, ['scripts/build-survival-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`building the CLI failed: ${built.stderr}`);

  const cliArgs = (file: string) => [file, '--time', 'time', '--status', 'status', '--group', 'group'];
  const tiny = path.join(ROOT, 'test', 'reference', 'survival', 'aml.csv');
  const startup = timeCommand(process.execPath, ['scripts/survival.mjs', ...cliArgs(tiny)], 10);
  const npmStartup = timeCommand('npm', ['run', '--silent', 'survival', '--', ...cliArgs(tiny)], 5);
  const nodeAlone = timeCommand(process.execPath, ['-e', '0'], 10);

  let r: Timed | null = null;
  if (withR) {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    const script = path.join(OUT_DIR, 'survival-whole.R');
    fs.writeFileSync(script, R_WHOLE);
    r = timeCommand('Rscript', [script, csv], 3);
  }
  const cli = timeCommand(process.execPath, ['scripts/survival.mjs', ...cliArgs(csv)], 3);
  const npm = timeCommand('npm', ['run', '--silent', 'survival', '--', ...cliArgs(csv)], 3);

  const mismatches: string[] = [];
  let checked = 0;
  if (r) {
    const json = JSON.parse(cli.stdout) as unknown;
    for (const line of r.stdout.trim().split('\n')) {
      const [key, ...printed] = line.trim().split(/\s+/);
      const mine = pick(json, key as string);
      if (mine.length !== printed.length) mismatches.push(`${key}: CLI has ${mine.length} values, R ${printed.length}`);
      printed.forEach((p, k) => {
        checked++;
        if (!agrees(mine[k] as number, p, DIGITS[key as string] ?? 10)) mismatches.push(`${key}[${k}]: CLI ${mine[k]}, R ${p}`);
      });
    }
  }

  const rows: [string, string][] = [
    ['CLI start-up, tiny file (node scripts/survival.mjs)', `${startup.ms.toFixed(0)} ms (node -e 0 alone: ${nodeAlone.ms.toFixed(0)} ms)`],
    ['CLI start-up, tiny file (npm run --silent survival)', `${npmStartup.ms.toFixed(0)} ms`],
    ...(r ? ([['R whole process (Rscript, read.csv included)', fmtS(r.ms)]] as [string, string][]) : []),
    ['CLI whole process (node scripts/survival.mjs)', fmtS(cli.ms)],
    ['CLI whole process (npm run --silent survival)', fmtS(npm.ms)],
  ];
  if (r) {
    rows.push(['speed-up, whole process (R / CLI)', `${(r.ms / cli.ms).toFixed(1)}x (through npm run: ${(r.ms / npm.ms).toFixed(1)}x; target >= 5x)`]);
    if (inProcessRatio !== null) rows.push(['speed-up, in process (R / library), same CSV', `${inProcessRatio.toFixed(1)}x`]);
    rows.push(['CLI output vs R', mismatches.length ? `${mismatches.length} of ${checked} numbers differ` : `all ${checked} numbers R prints agree to 10 digits (LR chi-square: 8)`]);
  } else {
    rows.push(['R', 'not available: no whole-process ratio']);
  }
  const w = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
  for (const m of mismatches.slice(0, 20)) console.log(`  mismatch ${m}`);
  console.log(`times are best of 3 (start-up: best of 10 / 5) from spawn to exit; load average at end: ${load()}`);
  return {
    rMs: r ? r.ms : null,
    cliMs: cli.ms,
    npmMs: npm.ms,
    startupMs: startup.ms,
    npmStartupMs: npmStartup.ms,
    checked,
    mismatches,
  };
}
