/**
 * The data API (/api/v1, issue 18) on a seeded demo database: personal access tokens (hashed,
 * scope, expiry, revocation, deactivation, role and centre change, audit rows), another centre's
 * data never returned, cursor pages and CSV/NDJSON streams, the rate limit, problem+json, ETag/304,
 * and the analysis endpoint's numbers against lib/analysis (the dashboards').
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { apiTokens, auditLog, centres, users } from '@/db/schema';
import { seedDemo } from '@/db/seed/seed-demo';
import { parseDashboardQuery } from '@/lib/analysis/params';
import { overviewView, survivalView } from '@/lib/analysis/views';
import { runApi, type ApiHandler } from '@/lib/api/route';
import { listAnalysis } from '@/lib/api/resources/analysis';
import { listAudit } from '@/lib/api/resources/audit';
import { listCentres } from '@/lib/api/resources/centres';
import { getDictionary } from '@/lib/api/resources/dictionary';
import { getCourse } from '@/lib/api/resources/course';
import { listForm } from '@/lib/api/resources/forms';
import { listPatients } from '@/lib/api/resources/patients';
import { listRecords } from '@/lib/api/resources/records';
import { AnalysisRowSchema, AuditEventSchema, CourseSchema, DictionarySchema, formRowSchema, PatientSchema, API_FORMS, recordRowSchema } from '@/lib/api/schemas';
import { RECORDS } from '@/lib/dictionary';
import { openApiDocument } from '@/lib/api/openapi';
import { createApiToken, hashToken, listAllApiTokens, listOwnApiTokens, revokeApiToken, type TokenOwner } from '@/lib/api/tokens';
import { readAnalysisDataset } from '@/lib/services/analysis/read-analysis-dataset';
import { changeRole } from '@/lib/services/users/change-role';
import { setUserActive } from '@/lib/services/users/set-user-active';
import { exportData } from '@/lib/services/exchange/export-data';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let template: Database;
let db: Db;
const owners: Record<'admin' | 'coordinator' | 'pl01' | 'pl02', TokenOwner> = {} as never;

const EMAILS = {
  admin: 'admin@demo.cll-registry.org', coordinator: 'coordinator@demo.cll-registry.org',
  pl01: 'investigator.pl01@demo.cll-registry.org', pl02: 'investigator.pl02@demo.cll-registry.org',
} as const;

const HANDLERS: Record<string, ApiHandler> = {
  centres: listCentres, patients: listPatients, records: listRecords, forms: listForm, dictionary: getDictionary, analysis: listAnalysis, audit: listAudit,
  course: getCourse,
};

/** Calls an endpoint as the routes do: path below /api/v1, e.g. "forms/baseline?limit=5". */
async function call(path: string, token: string | null, opts: { headers?: Record<string, string>; rateLimit?: number } = {}): Promise<Response> {
  const url = new URL(`http://registry.test/api/v1/${path}`);
  const [first = '', form, sub] = url.pathname.replace('/api/v1/', '').split('/');
  // patients/{code}/course (issue 15) is its own endpoint, as its route is.
  const endpoint = first === 'patients' && sub === 'course' ? 'course' : first;
  const handler = HANDLERS[endpoint];
  if (!handler) throw new Error(`no handler ${endpoint}`);
  const headers: Record<string, string> = { ...opts.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  const params: Record<string, string> = endpoint === 'course' ? { code: form ?? '' } : form ? { form } : {};
  return runApi(new Request(url, { headers }), endpoint, params, handler, { db, rateLimit: opts.rateLimit ?? 10_000 });
}

async function json<T = { data: Record<string, unknown>[]; nextCursor: string | null }>(res: Response): Promise<T> {
  expect(res.headers.get('content-type')).toContain('application/json');
  return (await res.json()) as T;
}

async function allPages(path: string, token: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const page: { data: Record<string, unknown>[]; nextCursor: string | null } = await json(await call(`${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`, token));
    out.push(...page.data);
    cursor = page.nextCursor;
    if (!cursor) return out;
  }
  throw new Error('too many pages');
}

async function token(who: keyof typeof owners, days = 30): Promise<string> {
  return (await createApiToken(db, owners[who], { name: `${who} test`, days })).token;
}

beforeAll(async () => {
  factory = await testDbFactory();
  template = await factory.fresh();
  await seedDemo(template);
}, 180_000);
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => {
  db = template.db;
  for (const [k, email] of Object.entries(EMAILS)) {
    const [u] = await db.select().from(users).where(eq(users.email, email));
    if (!u) throw new Error(`no ${email}`);
    owners[k as keyof typeof owners] = { id: u.id, role: u.role, centreId: u.centreId, email: u.email };
  }
});

describe('personal access tokens', () => {
  it('are stored hashed with a recognisable prefix, listed with last use, and shown once', async () => {
    const created = await createApiToken(db, owners.coordinator, { name: 'R pulls', days: 90 });
    expect(created.token).toMatch(/^cllr_[A-Za-z0-9_-]{43}$/);
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row?.tokenHash).toBe(hashToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(row?.prefix).toBe(created.token.slice(0, 11));
    expect(row?.role).toBe('coordinator');
    let mine = await listOwnApiTokens(db, owners.coordinator);
    expect(mine.find((t) => t.id === created.id)?.lastUsedAt).toBeNull();
    expect((await call('centres', created.token)).status).toBe(200);
    mine = await listOwnApiTokens(db, owners.coordinator);
    expect(mine.find((t) => t.id === created.id)?.lastUsedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(mine)).not.toContain(created.token);
  });

  it('expire after at most a year, and need a name', async () => {
    await expect(createApiToken(db, owners.coordinator, { name: 'x', days: 366 })).rejects.toThrow(/1 to 365 days/);
    await expect(createApiToken(db, owners.coordinator, { name: ' ', days: 10 })).rejects.toThrow(/name/);
    const t = await createApiToken(db, owners.pl01, { name: 'soon', days: 1 });
    await db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, t.id));
    const res = await call('patients', t.token);
    expect(res.status).toBe(401);
    expect((await res.json() as { detail: string }).detail).toMatch(/expired/);
  });

  it('stop working when revoked (by the owner, or by an admin for anyone), and admins list everyone\'s', async () => {
    const a = await createApiToken(db, owners.pl01, { name: 'mine', days: 10 });
    const b = await createApiToken(db, owners.pl01, { name: 'admin revokes', days: 10 });
    await expect(revokeApiToken(db, owners.pl02, a.id)).rejects.toThrow(/No such token/);
    await revokeApiToken(db, owners.pl01, a.id);
    expect((await call('centres', a.token)).status).toBe(401);
    await expect(listAllApiTokens(db, owners.coordinator)).rejects.toThrow();
    const all = await listAllApiTokens(db, owners.admin);
    expect(all.map((t) => t.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    await revokeApiToken(db, owners.admin, b.id);
    const res = await call('centres', b.token);
    expect(res.status).toBe(401);
    expect((await res.json() as { detail: string }).detail).toMatch(/revoked/);
    const events = await db.select().from(auditLog).where(and(eq(auditLog.action, 'api_token_revoked'), eq(auditLog.recordId, String(b.id))));
    expect(events[0]?.actorId).toBe(owners.admin.id);
  });

  it('stop working the moment the owner is deactivated, or changes role or centre', async () => {
    const [centreB] = await db.select().from(centres).where(eq(centres.code, 'PL-02'));
    const cases: [string, () => Promise<void>, () => Promise<void>][] = [
      ['deactivated', () => db.update(users).set({ active: false }).where(eq(users.id, owners.pl01.id)).then(() => undefined),
        () => db.update(users).set({ active: true }).where(eq(users.id, owners.pl01.id)).then(() => undefined)],
      ['centre', () => db.update(users).set({ centreId: centreB?.id ?? 0 }).where(eq(users.id, owners.pl01.id)).then(() => undefined),
        () => db.update(users).set({ centreId: owners.pl01.centreId }).where(eq(users.id, owners.pl01.id)).then(() => undefined)],
      ['role', () => db.update(users).set({ role: 'coordinator', centreId: null }).where(eq(users.id, owners.pl01.id)).then(() => undefined),
        () => db.update(users).set({ role: 'investigator', centreId: owners.pl01.centreId }).where(eq(users.id, owners.pl01.id)).then(() => undefined)],
    ];
    for (const [what, change, undo] of cases) {
      const t = await token('pl01');
      expect((await call('patients?limit=1', t)).status, what).toBe(200);
      await change();
      const res = await call('patients?limit=1', t);
      expect(res.status, what).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      await undo();
      // Role and centre are compared with the ones at creation and activity is read live, on every request:
      // the token is refused exactly while they differ.
      expect((await call('patients?limit=1', t)).status, what).toBe(200);
    }
    const refused = await db.select().from(auditLog).where(eq(auditLog.action, 'api_token_refused'));
    expect(refused.map((r) => r.reason)).toEqual(expect.arrayContaining(['owner_deactivated', 'owner_changed']));
  });

  it('are revoked for good when an admin changes the owner\'s role or deactivates the account', async () => {
    const admin = { ...owners.admin, role: 'admin' as const };
    const t1 = await token('pl01');
    await changeRole(db, admin, { id: owners.pl01.id, role: 'coordinator', centreId: null });
    await changeRole(db, admin, { id: owners.pl01.id, role: 'investigator', centreId: owners.pl01.centreId });
    const res = await call('patients?limit=1', t1);
    expect(res.status).toBe(401);
    expect((await res.json() as { detail: string }).detail).toMatch(/revoked/);
    const t2 = await token('pl01');
    await setUserActive(db, admin, { id: owners.pl01.id, active: false });
    await setUserActive(db, admin, { id: owners.pl01.id, active: true });
    expect((await call('patients?limit=1', t2)).status).toBe(401);
    const events = await db.select().from(auditLog).where(eq(auditLog.action, 'api_token_revoked'));
    expect(events.map((e) => (e.details as { why?: string } | null)?.why)).toEqual(expect.arrayContaining(['role_changed', 'user_deactivated']));
  });

  it('audit a refused token once a minute, however often a script retries it', async () => {
    const created = await createApiToken(db, owners.pl02, { name: 'retried', days: 30 });
    await revokeApiToken(db, owners.pl02, created.id);
    for (let i = 0; i < 5; i++) expect((await call('patients?limit=1', created.token)).status).toBe(401);
    const refused = await db.select().from(auditLog)
      .where(and(eq(auditLog.action, 'api_token_refused'), eq(auditLog.recordId, String(created.id))));
    expect(refused).toHaveLength(1);
    expect(refused[0]?.reason).toBe('revoked');
  });

  it('are only accepted as Authorization: Bearer (a session cookie is ignored)', async () => {
    const none = await call('patients', null, { headers: { cookie: 'next-auth.session-token=anything; __Secure-next-auth.session-token=x' } });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toBe('application/problem+json');
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    const body = await none.json() as { title: string; status: number; detail: string; instance: string };
    expect(body).toMatchObject({ title: 'Unauthorized', status: 401, instance: '/api/v1/patients' });
    expect(body.detail).toMatch(/Authorization: Bearer/);
    expect((await call('patients', 'cllr_not-a-real-token')).status).toBe(401);
    expect((await call('patients', `cllr_${'A'.repeat(43)}`)).status).toBe(401);
    const t = await token('coordinator');
    expect((await call('patients', null, { headers: { authorization: `Basic ${t}` } })).status).toBe(401);
  });

  it('every use is audited with the token id, endpoint and rows returned', async () => {
    const t = await createApiToken(db, owners.coordinator, { name: 'audited', days: 5 });
    await call('patients?limit=7', t.token);
    await call('forms/baseline?format=ndjson', t.token).then((r) => r.text());
    const rows = await db.select().from(auditLog).where(and(eq(auditLog.action, 'api_request'), eq(auditLog.recordId, String(t.id))));
    const details = rows.map((r) => r.details as { tokenId: number; endpoint: string; rows: number });
    expect(details).toEqual(expect.arrayContaining([
      expect.objectContaining({ tokenId: t.id, endpoint: 'patients', rows: 7 }),
      expect.objectContaining({ tokenId: t.id, endpoint: 'forms', rows: 165 }),
    ]));
    expect(rows.every((r) => r.actorId === owners.coordinator.id)).toBe(true);
  });
});

describe('scope: another centre\'s data is never returned', () => {
  it('an investigator\'s token reads their centre only, on every endpoint and format', async () => {
    const t = await token('pl01');
    const centreList = (await json(await call('centres', t))).data;
    expect(centreList.map((c) => c.code)).toEqual(['PL-01']);
    const patients = await allPages('patients?limit=40', t);
    expect(patients.length).toBeGreaterThan(0);
    expect(new Set(patients.map((p) => p.centre))).toEqual(new Set(['PL-01']));
    for (const form of API_FORMS) {
      const rows = await allPages(`forms/${form}?limit=500`, t);
      expect(rows.every((r) => r.centre === 'PL-01'), form).toBe(true);
      const nd = (await (await call(`forms/${form}?format=ndjson`, t)).text()).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { centre: string });
      expect(nd.every((r) => r.centre === 'PL-01'), form).toBe(true);
    }
    const records = (await (await call('records?format=ndjson', t)).text()).trim().split('\n').map((l) => JSON.parse(l) as { centre: string });
    expect(records).toHaveLength(patients.length);
    expect(records.every((r) => r.centre === 'PL-01')).toBe(true);
    const csv = await (await call('records?format=csv', t)).text();
    expect(csv).not.toMatch(/"PL-0[2-9]-/);
    const analysis = await allPages('analysis?limit=1000', t);
    expect(analysis.every((r) => r.centre === 'PL-01')).toBe(true);
    for (const path of ['patients?centre=PL-02', 'forms/baseline?centre=PL-02', 'records?centre=PL-02&format=csv', 'analysis?centre=PL-02']) {
      const res = await call(path, t);
      expect(res.status, path).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect((await call('audit', t)).status).toBe(403);
  });

  it('a coordinator reads every centre and the audit events; `centre` narrows', async () => {
    const t = await token('coordinator');
    const all = await allPages('patients?limit=1000', t);
    expect(all).toHaveLength(165);
    const pl02 = await allPages('patients?centre=PL-02&limit=1000', t);
    expect(pl02.length).toBeGreaterThan(0);
    expect(pl02.every((p) => p.centre === 'PL-02')).toBe(true);
    const audit = await json(await call('audit?limit=5', t));
    expect(audit.data).toHaveLength(5);
    for (const e of audit.data) AuditEventSchema.parse(e);
    expect((await call('patients?centre=XX-99', t)).status).toBe(400);
  });
});

describe('pages and streams', () => {
  it('cursor pages cover every row once, in order, and match the schemas', async () => {
    const t = await token('coordinator');
    const first = await json(await call('patients?limit=50', t));
    expect(first.data).toHaveLength(50);
    expect(first.nextCursor).toEqual(expect.any(String));
    const all = await allPages('patients?limit=50', t);
    const ids = all.map((p) => String(p.id));
    expect(new Set(ids).size).toBe(165);
    expect([...ids].sort()).toEqual(ids);
    for (const p of all) PatientSchema.parse(p);
    for (const form of API_FORMS) {
      const rows = await allPages(`forms/${form}?limit=37`, t);
      expect(rows.length, form).toBeGreaterThan(0);
      for (const r of rows) formRowSchema(form).parse(r);
    }
    const therapies = await allPages('forms/therapies?limit=7', t);
    const keys = therapies.map((r) => `${String(r.patient)}#${String(r.position)}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(therapies.every((r) => !('_patientId' in r))).toBe(true);
    const csv = await (await call('forms/therapies?format=csv', t)).text();
    expect(csv.split('\n')[0]).toMatch(/^"patient","centre","status","version","updatedAt","position","regimen"/);
  });

  it('bad parameters are a 400 problem with a sentence; unknown forms a 404', async () => {
    const t = await token('coordinator');
    for (const path of ['patients?limit=0', 'patients?limit=5000', 'patients?cursor=garbage', 'patients?updated_since=yesterday',
      'patients?format=xml', 'patients?sort=code', 'patients?format=csv&cursor=abc']) {
      const res = await call(path, t);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect((await res.json() as { detail: string }).detail.length, path).toBeGreaterThan(10);
    }
    const res = await call('forms/nonsense', t);
    expect(res.status).toBe(404);
    expect((await res.json() as { detail: string }).detail).toMatch(/baseline/);
  });

  it('updated_since returns what changed since (incremental pulls)', async () => {
    const t = await token('coordinator');
    const since = new Date(Date.now() + 1000);
    expect((await json(await call(`patients?updated_since=${since.toISOString()}`, t))).data).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 1100));
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: owners.admin.id, label: 'test' });
      await tx.execute(sql`UPDATE baseline_forms SET ecog = ecog, updated_at = now() WHERE patient_id = (SELECT id FROM patients WHERE code = 'PL-02-001')`);
    });
    const changed = (await json(await call(`patients?updated_since=${since.toISOString()}`, t))).data;
    expect(changed.map((p) => p.id)).toEqual(['PL-02-001']);
    expect((await json(await call(`forms/baseline?updated_since=${since.toISOString()}`, t))).data.map((r) => r.patient)).toEqual(['PL-02-001']);
    expect((await json(await call(`forms/response?updated_since=${since.toISOString()}`, t))).data).toHaveLength(0);
  });

  it('streams every row as CSV and NDJSON; the records CSV is the cohort export, byte for byte', async () => {
    const t = await token('coordinator');
    const res = await call('patients?format=ndjson', t);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await res.text()).trim().split('\n');
    expect(lines).toHaveLength(165);
    const csvRes = await call('forms/baseline?format=csv', t);
    expect(csvRes.headers.get('content-type')).toContain('text/csv');
    expect(csvRes.headers.get('content-disposition')).toContain('baseline.csv');
    const csv = (await csvRes.text()).trim().split('\n');
    expect(csv[0]).toMatch(/^"patient","centre","status","version","updatedAt","ibrutinibStart"/);
    expect(csv).toHaveLength(166);
    const records = await (await call('records?format=csv', t)).text();
    const exported = await exportData(db, owners.coordinator, 'csv');
    expect(records).toBe(exported.body);
  });
});

describe('rate limit, ETags, dictionary, OpenAPI', () => {
  it('answers 429 with Retry-After once a token used up its window (counted in the database)', async () => {
    const t = await token('coordinator');
    for (let i = 0; i < 3; i++) expect((await call('centres', t, { rateLimit: 3 })).status).toBe(200);
    const res = await call('centres', t, { rateLimit: 3 });
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const retry = Number(res.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    // Another token has its own allowance; the window restarts once it is over.
    expect((await call('centres', await token('coordinator'), { rateLimit: 3 })).status).toBe(200);
    const [row] = (await db.execute(sql`SELECT hits FROM api_rate_limits l JOIN api_tokens t ON t.id = l.token_id WHERE t.token_hash = ${hashToken(t)}`) as unknown as { rows: { hits: number }[] }).rows;
    expect(Number(row?.hits)).toBe(4);
    await db.execute(sql`UPDATE api_rate_limits SET window_start = now() - interval '61 seconds'`);
    expect((await call('centres', t, { rateLimit: 3 })).status).toBe(200);
  });

  it('ETag: an unchanged resource answers If-None-Match with 304; a change gives a new tag', async () => {
    const t = await token('coordinator');
    const first = await call('dictionary', t);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    const doc = DictionarySchema.parse(await first.json());
    expect(doc.fields.find((f) => f.name === 'b2m')).toMatchObject({ type: 'decimal', unit: expect.any(String), missingCodes: expect.any(Array) });
    expect(doc.fields.find((f) => f.name === 'tp53')?.codes?.map((c) => c.code)).toEqual(['mutated', 'unmutated', 'not_tested']);
    const again = await call('dictionary', t, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const page = await call('patients?limit=3', t);
    const tag = page.headers.get('etag') ?? '';
    expect((await call('patients?limit=3', t, { headers: { 'if-none-match': tag } })).status).toBe(304);
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: owners.admin.id, label: 'test' });
      await tx.execute(sql`UPDATE patients SET birth_year = birth_year + 1 WHERE code = (SELECT min(code) FROM patients)`);
    });
    expect((await call('patients?limit=3', t, { headers: { 'if-none-match': tag } })).status).toBe(200);
  });

  it('the OpenAPI 3.1 document names every endpoint and its schemas', () => {
    const doc = openApiDocument() as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/centres', '/patients', '/records', '/dictionary', '/analysis', '/audit', '/forms/baseline', '/forms/therapies']));
    expect(Object.keys(doc.components.schemas.Form_baseline?.properties ?? {})).toEqual(expect.arrayContaining(['b2m', 'b2mMissing', 'tp53']));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/patients/{code}/course', '/forms/visits', '/forms/adverse-events', '/forms/tests']));
    expect(Object.keys(doc.components.schemas.Form_adverse_events?.properties ?? {})).toEqual(expect.arrayContaining(['seq', 'enteredInError', 'onsetDate', 'onsetDateMissing']));
  });
});

describe('the course (issue 15): records per kind and per patient', () => {
  it('forms/{slug} pages every instance once by patient and seq, matching the schema; CSV and NDJSON stream them', async () => {
    const t = await token('coordinator');
    for (const r of RECORDS) {
      const rows = await allPages(`forms/${r.slug}?limit=97`, t);
      const stored = Number(((await db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${r.table}`))) as unknown as { rows: { n: number }[] }).rows[0]?.n);
      expect(rows, r.slug).toHaveLength(stored);
      const keys = rows.map((x) => `${String(x.patient)}#${String(x.seq)}`);
      expect(new Set(keys).size, r.slug).toBe(keys.length);
      for (const x of rows) recordRowSchema(r.kind).parse(x);
      expect(rows.every((x) => !('_patientId' in x))).toBe(true);
    }
    expect(await allPages('forms/visits?limit=1000', t)).not.toHaveLength(0);
    const csv = await (await call('forms/dose-periods?format=csv', t)).text();
    expect(csv.split('\n')[0]).toBe('"patient","centre","seq","status","version","enteredInError","updatedAt","startDate","dose","doseOtherMg","reason","reasonOther","adverseEventSeq"');
    const nd = (await (await call('forms/adverse-events?format=ndjson', t)).text()).trim().split('\n');
    expect(nd.length).toBe((await allPages('forms/adverse-events?limit=1000', t)).length);
  });

  it('patients/{code}/course: the patient\'s instances by kind, scoped (another centre\'s patient is not found), with an ETag', async () => {
    const own = await token('pl01');
    const visits = await allPages('forms/visits?limit=1000', own);
    expect(visits.every((v) => v.centre === 'PL-01')).toBe(true);
    const code = String(visits[0]?.patient);
    const res = await call(`patients/${code}/course`, own);
    expect(res.status).toBe(200);
    const course = CourseSchema.parse(await res.json()) as Record<string, unknown>;
    expect(course.patient).toBe(code);
    expect(Object.keys(course)).toEqual(['patient', 'centre', 'visits', 'adverseEvents', 'dosePeriods', 'interruptions', 'tests']);
    expect((course.visits as { seq: number }[]).map((v) => v.seq)).toEqual(visits.filter((v) => v.patient === code).map((v) => v.seq));
    const again = await call(`patients/${code}/course`, own, { headers: { 'if-none-match': res.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);

    const other = String((await allPages('forms/visits?centre=PL-02&limit=5', await token('coordinator')))[0]?.patient);
    for (const path of [`patients/${other}/course`, 'patients/PL-01-999/course', 'patients/nonsense/course']) {
      const r = await call(path, own);
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
    }
    expect((await call('forms/visits?centre=PL-02', own)).status).toBe(403);
  });
});

describe('analysis: the dashboards\' numbers', () => {
  it('patients per centre and OS after discontinuation equal lib/analysis on the same database', async () => {
    const t = await token('coordinator');
    const rows = await allPages('analysis?cutoff=2017-06-30&limit=1000', t);
    for (const r of rows) AnalysisRowSchema.parse(r);
    const dataset = await readAnalysisDataset(db, owners.coordinator);
    const q = parseDashboardQuery({ cutoff: '2017-06-30' }, { population: 'all' });
    const perCentre = Object.fromEntries(overviewView(dataset, q).overview.centres.map((c) => [c.centre, c.patients]));
    const fromApi: Record<string, number> = {};
    for (const r of rows.filter((x) => x.analysed)) fromApi[String(r.centre)] = (fromApi[String(r.centre)] ?? 0) + 1;
    expect(fromApi).toEqual(perCentre);
    const osDisc = rows.filter((r) => r.os_disc_days !== null);
    const survival = survivalView(dataset, parseDashboardQuery({ cutoff: '2017-06-30', endpoint: 'os_disc' }, { population: 'discontinued' })).result;
    expect(osDisc).toHaveLength(survival.n);
    expect(osDisc.filter((r) => r.os_disc_event === 1)).toHaveLength(survival.groups[0]?.events ?? -1);
  });
});
