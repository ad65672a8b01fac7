/**
 * The server end-to-end tests run against: production build in .next-e2e, a fresh embedded demo
 * database in .data/e2e (deleted first), a fixed test secret, demo seeding on. E2E_DATA_DIR,
 * NEXT_DIST_DIR and E2E_PORT let several e2e runs share one checkout.
 * The server's output is also written to `<data dir>-server.log` (e.g. .data/e2e-server.log), so a
 * spec can check the JSON log lines (e2e/operations.spec.ts).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { E2E_OIDC_CLIENT_ID, E2E_OIDC_CLIENT_SECRET } from './e2e-oidc-client';

const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? path.join('.data', 'e2e'));
const logFile = `${dataDir}-server.log`;
fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(path.dirname(logFile), { recursive: true });
fs.writeFileSync(logFile, '');
process.env.PGLITE_DATA_DIR = dataDir;
process.env.NEXT_DIST_DIR = process.env.NEXT_DIST_DIR ?? '.next-e2e';
process.env.NEXTAUTH_SECRET = process.env.NEXTAUTH_SECRET ?? 'e2e-secret-not-for-production-0123456789';
process.env.NEXTAUTH_URL = `http://localhost:${process.env.E2E_PORT ?? '3210'}`;
process.env.PORT = process.env.E2E_PORT ?? '3210';
process.env.DEMO_SEED = 'on';
// Hospital single sign-on through the test provider (scripts/e2e-oidc-provider.ts, its own webServer entry).
process.env.OIDC_ISSUER = `http://localhost:${process.env.E2E_OIDC_PORT ?? '3219'}`;
process.env.OIDC_CLIENT_ID = E2E_OIDC_CLIENT_ID;
process.env.OIDC_CLIENT_SECRET = E2E_OIDC_CLIENT_SECRET;
process.env.OIDC_DISPLAY_NAME = 'Szpital Kliniczny';
// Mail through the test SMTP server (scripts/e2e-smtp.ts, its own webServer entry), polled every second.
process.env.SMTP_URL = `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT ?? '3218'}`;
process.env.MAIL_FROM = 'CLL Registry e2e <registry@e2e.test>';
process.env.MAIL_POLL_SECONDS = '1';
delete process.env.DATABASE_URL;

const child = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'start.ts')], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
const log = fs.createWriteStream(logFile, { flags: 'a' });
child.stdout.on('data', (d: Buffer) => { process.stdout.write(d); log.write(d); });
child.stderr.on('data', (d: Buffer) => { process.stderr.write(d); log.write(d); });
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => { log.end(() => process.exit(code ?? 0)); });
