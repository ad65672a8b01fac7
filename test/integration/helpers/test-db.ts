/**
 * Per-test isolated, migrated databases for integration tests.
 * - PGlite (always): migrate one in-memory instance per file, then clone it for each test.
 * - PostgreSQL (TEST_DB_KIND=pg, TEST_DATABASE_URL set): migrate a template database per file,
 *   then CREATE DATABASE … TEMPLATE for each test. Refuses any non-local server.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { connectClient } from '@/db/pg-client';
import { createPgDatabase, createPgliteDatabase, setDatabaseForTests, type Database } from '@/db/client';
import { migrate } from '@/db/migrate';

export const TEST_DB_KIND: 'pglite' | 'pg' = process.env.TEST_DB_KIND === 'pg' ? 'pg' : 'pglite';

function pgUrl(): URL {
  const raw = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!raw) throw new Error('TEST_DB_KIND=pg needs TEST_DATABASE_URL');
  const url = new URL(raw);
  if (!['localhost', '127.0.0.1', '::1', '[::1]'].includes(url.hostname)) {
    throw new Error(`refusing to run integration tests against a non-local database (${url.hostname})`);
  }
  return url;
}

async function admin(sql: string): Promise<void> {
  const url = pgUrl();
  url.pathname = '/postgres';
  const client = await connectClient(url.toString(), { label: 'test-db' });
  try { await client.query(sql); } finally { await client.end(); }
}

/**
 * A migrated in-memory PGlite. Migrating takes several seconds of WASM PostgreSQL per test file (ten
 * migrations with their functions and triggers), loading a dump of the result a fraction of that: the
 * first file of a run migrates and stores the dump under .data/test-cache, keyed by the migrations'
 * contents (a changed or added migration makes a new key), and later files load it.
 */
async function migratedPglite(): Promise<PGlite> {
  const dir = path.resolve('db', 'migrations');
  const hash = createHash('sha256');
  for (const f of ['meta/_journal.json', ...fs.readdirSync(dir).filter((n) => n.endsWith('.sql')).sort()]) {
    hash.update(f).update(fs.readFileSync(path.join(dir, f)));
  }
  const cacheFile = path.resolve('.data', 'test-cache', `pglite-migrated-${hash.digest('hex').slice(0, 16)}.tar`);
  if (fs.existsSync(cacheFile)) return PGlite.create({ loadDataDir: new Blob([fs.readFileSync(cacheFile)]) });
  const fresh = await PGlite.create();
  await migrate(createPgliteDatabase(fresh));
  const dump = await fresh.dumpDataDir('none');
  fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
  // Written under a temporary name and renamed: a concurrent run never reads half a file.
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(tmp, cacheFile);
  return fresh;
}

export interface TestDbFactory {
  /** A fresh migrated database; also installed as the process-wide one (getDb()). */
  fresh(): Promise<Database>;
  dispose(): Promise<void>;
}

export async function testDbFactory(): Promise<TestDbFactory> {
  const opened: Database[] = [];
  if (TEST_DB_KIND === 'pglite') {
    const template = await migratedPglite();
    return {
      async fresh() {
        const db = createPgliteDatabase((await template.clone()) as PGlite);
        opened.push(db);
        setDatabaseForTests(db);
        return db;
      },
      async dispose() {
        for (const d of opened) await d.close().catch(() => undefined);
        await template.close();
        setDatabaseForTests(undefined);
      },
    };
  }
  const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const templateName = `cll_tpl_${suffix}`;
  await admin(`CREATE DATABASE ${templateName}`);
  const tplUrl = pgUrl(); tplUrl.pathname = `/${templateName}`;
  const tpl = createPgDatabase(tplUrl.toString(), { max: 2 });
  await migrate(tpl);
  await tpl.close();
  const names: string[] = [];
  let n = 0;
  return {
    async fresh() {
      const name = `cll_t_${suffix}_${n++}`;
      await admin(`CREATE DATABASE ${name} TEMPLATE ${templateName}`);
      names.push(name);
      const url = pgUrl(); url.pathname = `/${name}`;
      const db = createPgDatabase(url.toString(), { max: 5 });
      opened.push(db);
      setDatabaseForTests(db);
      return db;
    },
    async dispose() {
      for (const d of opened) await d.close().catch(() => undefined);
      for (const name of names) await admin(`DROP DATABASE IF EXISTS ${name}`);
      await admin(`DROP DATABASE IF EXISTS ${templateName}`);
      setDatabaseForTests(undefined);
    },
  };
}

/**
 * A second "instance" of the app on the same database: on PostgreSQL an independent pool (so
 * locks, throttling and sessions are really shared through the server), on PGlite the same database.
 */
export function secondInstance(database: Database, max = 3): { db: Database['db']; close: () => Promise<void> } {
  if (TEST_DB_KIND === 'pg' && database.url) {
    const other = createPgDatabase(database.url, { max });
    return { db: other.db, close: () => other.close() };
  }
  return { db: database.db, close: async () => undefined };
}

/**
 * An empty, unmigrated database (upgrade tests build an old schema in it): a new in-memory PGlite,
 * or on PostgreSQL a new scratch database dropped by `drop()`.
 */
export async function emptyDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (TEST_DB_KIND === 'pglite') {
    const database = createPgliteDatabase(await PGlite.create());
    return { database, drop: () => database.close() };
  }
  const name = `cll_empty_${process.pid}_${randomBytes(3).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = pgUrl(); url.pathname = `/${name}`;
  const database = createPgDatabase(url.toString(), { max: 5 });
  return { database, drop: async () => { await database.close(); await admin(`DROP DATABASE IF EXISTS ${name}`); } };
}
