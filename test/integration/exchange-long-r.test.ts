/**
 * The R client (clients/r/pull-registry.R) reads the course's long tables through the data API: the
 * API's own handlers served over HTTP on a seeded demo database (no Next build), Rscript pulling
 * them, and what it reports — live instances per record, patients with a grade >= 3 adverse event —
 * equal to the database. Without Rscript (Debian: r-base-core r-cran-survival) this test fails
 * saying so; it is never skipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { users } from '@/db/schema';
import { seedDemo } from '@/db/seed/seed-demo';
import { runApi, type ApiHandler } from '@/lib/api/route';
import { listAnalysis } from '@/lib/api/resources/analysis';
import { getDictionary } from '@/lib/api/resources/dictionary';
import { listForm } from '@/lib/api/resources/forms';
import { listPatients } from '@/lib/api/resources/patients';
import { createApiToken } from '@/lib/api/tokens';
import { RECORDS } from '@/lib/dictionary';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

const HANDLERS: Record<string, ApiHandler> = { patients: listPatients, forms: listForm, dictionary: getDictionary, analysis: listAnalysis };

let factory: TestDbFactory;
let database: Database;
let server: http.Server;
let base = '';

beforeAll(async () => {
  factory = await testDbFactory();
  database = await factory.fresh();
  await seedDemo(database);
  // The API's handlers over HTTP, as the routes run them (runApi: token, scope, audit, streams).
  server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base);
      const [endpoint = '', form] = url.pathname.replace('/api/v1/', '').split('/');
      const handler = HANDLERS[endpoint];
      if (!handler) { res.writeHead(404).end(); return; }
      const headers: Record<string, string> = {};
      if (req.headers.authorization) headers.authorization = req.headers.authorization;
      const response = await runApi(new Request(url, { headers }), endpoint, form ? { form } : {}, handler, { db: database.db, rateLimit: 100_000 });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      const reader = response.body?.getReader();
      for (let next = await reader?.read(); next && !next.done; next = await reader?.read()) res.write(next.value);
      res.end();
    })().catch((err: unknown) => { res.writeHead(500).end(String(err)); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 300_000);
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await factory.dispose();
});

describe('R client', () => {
  it('pulls the course as long tables and counts what the database holds', async () => {
    const r = spawnSync('Rscript', ['-e', 'library(survival)'], { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`Rscript with the survival package is needed: apt-get install -y r-base-core r-cran-survival (${r.error?.message ?? r.stderr})`);
    const [coordinator] = await database.db.select().from(users).where(eq(users.email, 'coordinator@demo.cll-registry.org'));
    if (!coordinator) throw new Error('no demo coordinator');
    const { token } = await createApiToken(database.db, { id: coordinator.id, role: coordinator.role, centreId: coordinator.centreId, email: coordinator.email }, { name: 'R test', days: 1 });

    // Asynchronously: the server answering Rscript runs in this process.
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('Rscript', [path.join(process.cwd(), 'clients/r/pull-registry.R'), '2017-06-30'], { env: { ...process.env, CLL_API_URL: base, CLL_TOKEN: token } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`Rscript exited ${code}\n${stdout}\n${stderr}`))));
    });
    const summary = JSON.parse(out.trim().split('\n').pop() ?? '') as { patients: number; course: Record<string, number> };
    expect(summary.patients).toBe(165);
    const count = async (q: string) => Number(((await database.db.execute(sql.raw(q))) as unknown as { rows: { n: number }[] }).rows[0]?.n);
    for (const def of RECORDS) {
      expect(summary.course[def.slug.replace(/-/g, '_')], def.slug).toBe(await count(`SELECT count(*)::int AS n FROM ${def.table} WHERE NOT entered_in_error`));
    }
    expect(summary.course.visits).toBeGreaterThan(165);
    const grade3 = await count('SELECT count(DISTINCT patient_id)::int AS n FROM adverse_events WHERE NOT entered_in_error AND grade >= 3');
    expect(grade3).toBeGreaterThan(0);
    expect(summary.course.patientsWithGrade3Ae).toBe(grade3);
  }, 300_000);
});
