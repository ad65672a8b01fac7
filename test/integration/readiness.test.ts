/**
 * GET /api/ready's logic (issue 12): ready on a fully migrated database; not ready, with a reason,
 * when a migration of the code is missing from the database, when the history differs, when the
 * database does not answer, and while the instance shuts down.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { readMigrations } from '@/db/migrate';
import { checkReadiness } from '@/lib/services/health/readiness';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

const KEY = Symbol.for('cll-registry.shutting-down');
afterEach(() => { delete (globalThis as unknown as Record<symbol, unknown>)[KEY]; });

describe('checkReadiness', () => {
  it('ready on a database with every migration of the code', async () => {
    const r = await checkReadiness(async () => database);
    expect(r).toEqual({ ready: true, migrations: readMigrations().length });
  });

  it('not ready while a migration of the code is pending (code newer than the database)', async () => {
    const shipped = readMigrations();
    const newer = [...shipped, { tag: '9999_next_release', sql: 'SELECT 1', hash: 'x' }];
    const r = await checkReadiness(async () => database, { migrations: newer });
    expect(r).toMatchObject({ ready: false, reason: '1 migration(s) pending (run npm run db:migrate)' });
  });

  it('not ready when the applied history differs from the code (an edited migration)', async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, hash: 'edited' } : m));
    const r = await checkReadiness(async () => database, { migrations: edited });
    expect(r.ready).toBe(false);
    expect(r.ready ? '' : r.reason).toMatch(/^migration history differs from the code: migration 0000_init differs/);
  });

  it('not ready when the database is unreachable or does not answer in time', async () => {
    const refused = await checkReadiness(async () => { throw new Error('connect ECONNREFUSED 127.0.0.1:5432'); });
    expect(refused).toMatchObject({ ready: false, reason: 'database unreachable' });
    const hanging = await checkReadiness(() => new Promise<Database>(() => undefined), { timeoutMs: 200 });
    expect(hanging).toMatchObject({ ready: false, reason: 'database unreachable' });
  });

  it('not ready once the instance is shutting down', async () => {
    (globalThis as unknown as Record<symbol, unknown>)[KEY] = true;
    expect(await checkReadiness(async () => database)).toEqual({ ready: false, reason: 'shutting down' });
  });
});
