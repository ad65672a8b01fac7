/**
 * `npm start`: build if needed, migrate, seed the demo on first run, then serve on PORT (3000).
 * A missing NEXTAUTH_SECRET is generated once into .data/auth-secret for a local demo; production
 * sets NEXTAUTH_SECRET (and the server itself refuses to start without one).
 */
import { spawnSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

function ensureSecret(): void {
  if (process.env.NEXTAUTH_SECRET) return;
  const file = path.join(root, '.data', 'auth-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
    console.log('[start] NEXTAUTH_SECRET not set: generated a local one in .data/auth-secret (set NEXTAUTH_SECRET in production).');
  }
  process.env.NEXTAUTH_SECRET = fs.readFileSync(file, 'utf8').trim();
}

function buildIsStale(): boolean {
  const buildId = path.join(root, process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const builtAt = fs.statSync(buildId).mtimeMs;
  const newer = (dir: string): boolean => {
    if (!fs.existsSync(dir)) return false;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory() ? newer(p) : fs.statSync(p).mtimeMs > builtAt) return true;
    }
    return false;
  };
  return ['app', 'components', 'lib', 'db'].some((d) => newer(path.join(root, d))) ||
    ['package.json', 'next.config.js', 'proxy.ts', 'instrumentation.ts'].some((f) => fs.statSync(path.join(root, f)).mtimeMs > builtAt);
}

async function main() {
  ensureSecret();
  // A registry sends nothing anywhere it was not asked to: Next's anonymous telemetry is off unless set.
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  if (process.env.SKIP_BUILD !== '1' && buildIsStale()) {
    console.log('[start] building the app (first run or sources changed)…');
    const build = spawnSync(process.execPath, [nextBin, 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const { prepareDatabase } = await import('./prepare-db');
  await prepareDatabase({ seed: true });
  // Says whether a second factor is required (demo mode: optional); an unknown role in REQUIRE_2FA_ROLES stops here.
  const { secondFactorPolicyLine } = await import('../lib/auth/totp/policy');
  console.log(`[start] ${secondFactorPolicyLine()}`);
  const port = process.env.PORT ?? '3000';
  console.log(`[start] serving on http://localhost:${port} (JSON log lines follow)`);
  // scripts/server.ts rather than `next start`: access log, request ids, graceful shutdown.
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'server.ts')], {
    stdio: 'inherit', env: { ...process.env, PORT: port, NODE_ENV: 'production' },
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => server.kill(sig));
  server.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((err: unknown) => {
  console.error(`[start] ${(err as Error).message}`);
  process.exit(1);
});
