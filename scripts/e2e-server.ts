/**
 * The server end-to-end tests run against: production build in .next-e2e, a fresh embedded demo
 * database in .data/e2e (deleted first), a fixed test secret, demo seeding on. E2E_DATA_DIR,
 * NEXT_DIST_DIR and E2E_PORT let several e2e runs share one checkout.
 */
import fs from 'node:fs';
import path from 'node:path';

const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? path.join('.data', 'e2e'));
fs.rmSync(dataDir, { recursive: true, force: true });
process.env.PGLITE_DATA_DIR = dataDir;
process.env.NEXT_DIST_DIR = process.env.NEXT_DIST_DIR ?? '.next-e2e';
process.env.NEXTAUTH_SECRET = process.env.NEXTAUTH_SECRET ?? 'e2e-secret-not-for-production-0123456789';
process.env.NEXTAUTH_URL = `http://localhost:${process.env.E2E_PORT ?? '3210'}`;
process.env.PORT = process.env.E2E_PORT ?? '3210';
process.env.DEMO_SEED = 'on';
delete process.env.DATABASE_URL;
void import('./start');
