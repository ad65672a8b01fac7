/**
 * Two production instances of one build against one scratch PostgreSQL database: same
 * NEXTAUTH_SECRET and NEXT_SERVER_ACTIONS_ENCRYPTION_KEY, one NEXT_DIST_DIR, different ports.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { connectClient } from '../../db/pg-client';

const root = process.cwd();
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

export interface Cluster {
  adminUrl: string;
  dbName: string;
  url: string;
  distDir: string;
  env: Record<string, string>;
  /** The URL users reach (the test's nginx, https); NEXTAUTH_URL of every instance. Unset: each instance's own. */
  publicUrl?: string;
}

export function log(msg: string): void {
  console.log(`[resilience ${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

export async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const c = await connectClient(adminUrl, { label: 'resilience' });
  try { await c.query(text); } finally { await c.end(); }
}

/** Builds the app into distDir unless a build newer than the sources is there (RESILIENCE_REBUILD=1 forces, RESILIENCE_SKIP_BUILD=1 skips). */
export function ensureBuild(distDir: string): void {
  const id = path.join(root, distDir, 'BUILD_ID');
  const stale = (): boolean => {
    if (process.env.RESILIENCE_REBUILD === '1' || !fs.existsSync(id)) return true;
    const builtAt = fs.statSync(id).mtimeMs;
    const newer = (p: string): boolean => {
      if (!fs.existsSync(p)) return false;
      const st = fs.statSync(p);
      if (!st.isDirectory()) return st.mtimeMs > builtAt;
      return fs.readdirSync(p).some((e) => newer(path.join(p, e)));
    };
    return ['app', 'components', 'lib', 'db', 'proxy.ts', 'next.config.js', 'instrumentation.ts'].some((d) => newer(path.join(root, d)));
  };
  if (process.env.RESILIENCE_SKIP_BUILD === '1' && fs.existsSync(id)) { log(`RESILIENCE_SKIP_BUILD=1: using ${distDir} as it is`); return; }
  if (!stale()) { log(`using the existing build in ${distDir}`); return; }
  log(`building into ${distDir} …`);
  const r = spawnSync(process.execPath, [nextBin, 'build'], { stdio: 'inherit', env: { ...process.env, NEXT_DIST_DIR: distDir, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error('next build failed');
}

export async function createCluster(distDir: string): Promise<Cluster> {
  const base = new URL(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  if (!['localhost', '127.0.0.1', '::1'].includes(base.hostname)) throw new Error(`refusing a non-local database (${base.hostname})`);
  base.pathname = '/postgres';
  const adminUrl = base.toString();
  const dbName = `cll_rel_${Date.now().toString(36)}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${dbName}`);
  const url = new URL(adminUrl); url.pathname = `/${dbName}`;
  const env: Record<string, string> = {
    DATABASE_URL: url.toString(),
    NEXT_DIST_DIR: distDir,
    NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    NODE_ENV: 'production',
    DEMO_SEED: 'on',
    // The test's nginx runs on this host, as in deploy/.env.example.
    TRUSTED_PROXIES: '127.0.0.1',
  };
  log(`scratch database ${dbName}: migrate + seed`);
  const r = spawnSync('npx', ['tsx', 'scripts/prepare-db.ts'], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`prepare-db failed: ${r.stderr}`);
  return { adminUrl, dbName, url: url.toString(), distDir, env };
}

export async function dropCluster(c: Cluster): Promise<void> {
  await adminQuery(c.adminUrl, `DROP DATABASE IF EXISTS ${c.dbName} WITH (FORCE)`).catch((e: unknown) => log(`could not drop ${c.dbName}: ${(e as Error).message}`));
}

/** Where the run keeps each instance's log (JSON lines: the access log with durationMs) and its probe lines. */
export const RUN_DIR = path.join(root, '.data', 'resilience');

export class Instance {
  proc: ChildProcess | null = null;
  exits: { code: number | null; signal: string | null }[] = [];
  /** The instance's stdout and stderr (appended over restarts). */
  readonly logFile: string;
  /** One JSON line a second from test/resilience/loop-probe.mjs: event-loop delay, GC, CPU, pool. */
  readonly probeFile: string;

  constructor(readonly cluster: Cluster, readonly port: number) {
    this.logFile = path.join(RUN_DIR, `instance-${port}.log`);
    this.probeFile = path.join(RUN_DIR, `probe-${port}.jsonl`);
    fs.mkdirSync(RUN_DIR, { recursive: true });
    for (const f of [this.logFile, this.probeFile]) fs.rmSync(f, { force: true });
  }

  get base(): string { return `http://localhost:${this.port}`; }

  /** The end of the instance's log (for error messages). */
  get output(): string {
    return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8').slice(-200_000) : '';
  }

  async start(): Promise<void> {
    // RESILIENCE_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the instances
    // (node refuses --cpu-prof in NODE_OPTIONS).
    const nodeArgs = (process.env.RESILIENCE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    // The production server (scripts/server.ts, what `npm start` and the systemd unit run): request
    // ids, JSON access log, graceful SIGTERM. Its output goes to a file, not a pipe to this process:
    // pino writes synchronously, and a pipe the busy load driver reads late would block the instance's
    // event loop on a full pipe (in production the lines go to the journal, which does not wait on us).
    const out = fs.openSync(this.logFile, 'a');
    const proc = spawn(process.execPath, [...nodeArgs, '--import', path.join(root, 'test', 'resilience', 'loop-probe.mjs'), '--import', 'tsx', path.join('scripts', 'server.ts')], {
      env: { ...process.env, ...this.cluster.env, PORT: String(this.port), NEXTAUTH_URL: this.cluster.publicUrl ?? this.base, RESILIENCE_PROBE_FILE: this.probeFile },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    this.proc = proc;
    proc.on('exit', (code, signal) => { this.exits.push({ code, signal }); if (this.proc === proc) this.proc = null; });
    const t0 = Date.now();
    while (Date.now() - t0 < 60_000) {
      if (!this.proc) throw new Error(`instance :${this.port} exited while starting:\n${this.output.slice(-2000)}`);
      try {
        const res = await fetch(`${this.base}/login`);
        if (res.status === 200) return;
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`instance :${this.port} did not become ready`);
  }

  alive(): boolean { return this.proc !== null && this.proc.exitCode === null; }

  kill(signal: NodeJS.Signals): void { this.proc?.kill(signal); }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p) return;
    await new Promise<void>((resolve) => {
      p.on('exit', () => resolve());
      p.kill('SIGTERM');
      setTimeout(() => { p.kill('SIGKILL'); }, 5_000);
    });
  }
}
