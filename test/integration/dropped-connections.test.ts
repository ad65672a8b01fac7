/**
 * A connection the server drops between queries (PostgreSQL restarting, pg_terminate_backend) must
 * not kill the Node process: pg emits 'error' on the client and Node exits on an 'error' event
 * nobody listens to. The resilience run once died this way while restarting PostgreSQL on purpose.
 * PostgreSQL only: PGlite runs in the process and has no connections to drop.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db/client';
import { connectClient } from '@/db/pg-client';
import { log } from '@/lib/log/logger';
import { TEST_DB_KIND, testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;

async function terminate(url: string, pids: number[]): Promise<void> {
  const killer = await connectClient(url, { label: 'killer' });
  try {
    const r = await killer.query<{ ok: boolean }>('SELECT pg_terminate_backend(pid) AS ok FROM unnest($1::int[]) AS pid', [pids]);
    expect(r.rows.map((x) => x.ok)).toEqual(pids.map(() => true));
  } finally {
    await killer.end();
  }
}

describe.skipIf(TEST_DB_KIND !== 'pg')('connections the server drops (PostgreSQL)', () => {
  beforeAll(async () => { factory = await testDbFactory(); database = await factory.fresh(); });
  afterAll(async () => { await factory.dispose(); });

  it('connectClient: the process lives on, the drop is reported (pg may add a second "Connection terminated"), the next query fails', async () => {
    if (!database.url) throw new Error('pg database without url');
    const errors: Error[] = [];
    const c = await connectClient(database.url, { onError: (e) => errors.push(e) });
    const pid = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? 0;
    await terminate(database.url, [pid]);
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0));
    expect(errors[0]?.message).toMatch(/terminating connection/);
    await expect(c.query('SELECT 1')).rejects.toThrow();
    await c.end().catch(() => undefined);
  });

  it('connectClient without onError logs the drop with its label', async () => {
    if (!database.url) throw new Error('pg database without url');
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const c = await connectClient(database.url, { label: 'nightly job' });
      const pid = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? 0;
      await terminate(database.url, [pid]);
      await vi.waitFor(() => expect(spy).toHaveBeenCalledWith(expect.stringMatching(/^\[nightly job\] connection dropped by the server: terminating connection/)));
      await c.end().catch(() => undefined);
    } finally {
      spy.mockRestore();
    }
  });

  it("the app's pool: idle connections dropped by the server are replaced and the next query works", async () => {
    if (!database.url) throw new Error('pg database without url');
    // The pool's 'error' listener reports through the JSON logger (lib/log), as a warning.
    const spy = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
    try {
      // Hold three pooled connections at once, then give them back: three idle connections to drop.
      const runners = await Promise.all([1, 2, 3].map(() => database.connect()));
      const pids = await Promise.all(runners.map(async (r) => Number((await r.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid)));
      for (const r of runners) await r.release();
      const distinct = [...new Set(pids)];
      await terminate(database.url, distinct);
      await vi.waitFor(() => expect(spy).toHaveBeenCalledWith(expect.objectContaining({ err: expect.anything() }), expect.stringMatching(/idle database client error/)));
      const next = await database.connect();
      try {
        const after = (await next.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
        expect(distinct).not.toContain(Number(after));
      } finally {
        await next.release();
      }
    } finally {
      spy.mockRestore();
    }
  });
});

if (TEST_DB_KIND !== 'pg') console.warn('[dropped-connections] runs on PostgreSQL only: skipped on PGlite (set TEST_DATABASE_URL).');
