/**
 * The dashboards' dataset query on a seeded demo database gives the paper's figures (the same as the
 * unit tests computing from the cohort file), and an investigator's dataset holds only their centre.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { centres, users } from '@/db/schema';
import { insertPatients, readDemoCohort, seedDemo } from '@/db/seed/seed-demo';
import { formatP, medianCi } from '@/lib/analysis/format';
import { parseDashboardQuery } from '@/lib/analysis/params';
import { cell } from '@/lib/analysis/test-data';
import { analysisFields, OVERVIEW_FIELDS } from '@/lib/analysis/fields';
import { cifView, exportCsv, overviewView, survivalView, tablesView } from '@/lib/analysis/views';
import type { Principal } from '@/lib/auth/permissions';
import { readAnalysisDataset } from '@/lib/services/analysis/read-analysis-dataset';
import { principal } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
let coordinator: Principal;
let investigator: Principal;

const q = (sp: Record<string, string>, population: 'all' | 'discontinued' = 'discontinued') =>
  parseDashboardQuery({ cutoff: '2017-06-30', ...sp }, { population });

beforeAll(async () => {
  factory = await testDbFactory();
  database = await factory.fresh();
  await seedDemo(database);
  const byEmail = async (email: string) => {
    const [u] = await database.db.select().from(users).where(eq(users.email, email));
    if (!u) throw new Error(`no ${email}`);
    return principal(u);
  };
  coordinator = await byEmail('coordinator@demo.cll-registry.org');
  investigator = await byEmail('investigator.pl01@demo.cll-registry.org');
}, 120_000);
afterAll(async () => { await factory.dispose(); });

describe('analysis dataset from the database (coordinator: all centres)', () => {
  it('reproduces the overview, Tables 1–3 and the survival figures', async () => {
    const rows = await readAnalysisDataset(database.db, coordinator);
    expect(rows).toHaveLength(165);
    const o = overviewView(rows, q({}, 'all')).overview;
    expect([o.patients, o.discontinued, o.deaths]).toEqual([165, 37, 29]);
    expect(o.medianFollowUp?.toFixed(1)).toBe('26.0');
    const [t1, t2, , t3] = tablesView(rows, q({})).tables;
    expect(t1 && cell(t1, 'sex.male')).toBe('22 (59.5%)');
    expect(t1 && cell(t1, 'lines.gt3')).toBe('18 (48.6%)');
    expect(t1 && cell(t1, 'time_on_ibrutinib')).toBe('4.4 (0.2–25.2)');
    expect(t2 && cell(t2, 'adverse_event')).toBe('20 (54.1%)');
    expect(t2 && cell(t2, 'ae.pneumonia', 4)).toBe('bacterial: 2; probable fungal: 1; unknown: 3');
    expect(t3 && cell(t3, 'dead')).toBe('29 (78.4%)');
    const fig1 = survivalView(rows, q({ preset: 'fig1' })).result.groups[0];
    expect(fig1 && medianCi(fig1.median)).toBe('2.0 (0.8–5.5)');
    expect(formatP(survivalView(rows, q({ preset: 'fig2' })).result.logRank?.p)).toBe('0.81');
    expect(formatP(survivalView(rows, q({ preset: 'fig3' })).result.logRank?.p)).toBe('0.34');
  });

  it('the narrow survival dataset (only the fields the view needs) gives the same figures', async () => {
    const full = await readAnalysisDataset(database.db, coordinator);
    for (const preset of ['fig1', 'fig2', 'fig3']) {
      for (const group of ['none', 'sex', 'del17p', 'centre']) {
        const query = q(preset === 'fig1' ? { group, endpoint: 'os_start', population: 'all' } : { preset });
        const narrow = await readAnalysisDataset(database.db, coordinator, analysisFields(query.grouping));
        expect(narrow.length).toBe(full.length);
        expect(survivalView(narrow, query).result).toEqual(survivalView(full, query).result);
        expect(cifView(narrow, query).result).toEqual(cifView(full, query).result);
      }
    }
  });

  it('the overview fields give the same overview', async () => {
    const full = await readAnalysisDataset(database.db, coordinator);
    const narrow = await readAnalysisDataset(database.db, coordinator, OVERVIEW_FIELDS);
    expect(overviewView(narrow, q({}, 'all'))).toEqual(overviewView(full, q({}, 'all')));
  });

  it('patients added later (start 2018) change nothing at the 2017-06-30 cut-off but count at a later one', async () => {
    const demo = readDemoCohort();
    const template = demo.patients.find((p) => p.discontinuation?.reason === 'progression');
    if (!template) throw new Error('no template');
    const [pl02] = await database.db.select().from(centres).where(eq(centres.code, 'PL-02'));
    if (!pl02) throw new Error('no PL-02');
    await database.db.transaction(async (tx) => {
      await setAuditContext(tx, { id: coordinator.id, label: 'test' }, 'dashboard test');
      await insertPatients(tx, [{
        ...template, id: 'PL-02-901', centre: 'PL-02', ibrutinibStart: '2018-02-01',
        discontinuation: template.discontinuation ? { ...template.discontinuation, date: '2018-05-01' } : null,
        vitalStatus: 'dead', deathDate: '2018-06-01', lastContactDate: '2018-06-01',
      }], new Map([['PL-02', pl02.id]]));
    });
    const rows = await readAnalysisDataset(database.db, coordinator);
    expect(rows).toHaveLength(166);
    const at2017 = overviewView(rows, q({}, 'all')).overview;
    expect([at2017.patients, at2017.discontinued, at2017.deaths, at2017.notAnalysed]).toEqual([165, 37, 29, 1]);
    expect(formatP(survivalView(rows, q({ preset: 'fig2' })).result.logRank?.p)).toBe('0.81');
    const later = overviewView(rows, parseDashboardQuery({ cutoff: '2019-01-01' }, { population: 'all' })).overview;
    expect([later.patients, later.discontinued]).toEqual([166, 38]);
  });
});

describe('centre scope (investigator PL-01)', () => {
  it('reads only PL-01 rows, whatever centre the query asks for', async () => {
    const rows = await readAnalysisDataset(database.db, investigator);
    expect(rows.length).toBe(38);
    expect(rows.every((r) => r.centreCode === 'PL-01')).toBe(true);
    const o = overviewView(rows, q({}, 'all')).overview;
    expect(o.centres.map((c) => c.centre)).toEqual(['PL-01']);
    expect(tablesView(rows, q({ population: 'all', centre: 'PL-02' })).n).toBe(0);
    const fig1 = survivalView(rows, q({ preset: 'fig1' })).result;
    expect(fig1.n).toBe(rows.filter((r) => r.discontinued).length);
    expect(fig1.n).toBeLessThan(37);
  });

  it('CSV downloads built from the investigator dataset hold no other centre', async () => {
    const rows = await readAnalysisDataset(database.db, investigator);
    const { csv } = exportCsv(rows, q({}, 'all'), 'centres');
    expect(csv).toContain('PL-01,38');
    expect(csv).not.toMatch(/PL-0[2-8]/);
    const listing = exportCsv(rows, q({}), 'ae-listing').csv;
    expect(listing).not.toMatch(/PL-0[2-8]-\d{3}/);
    expect(listing).toMatch(/PL-01-\d{3}/);
  });

  it('an investigator without a centre sees nothing', async () => {
    const rows = await readAnalysisDataset(database.db, { id: investigator.id, role: 'investigator', centreId: null });
    expect(rows).toHaveLength(0);
  });
});
