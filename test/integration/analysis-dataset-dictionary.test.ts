/**
 * The analysis dataset's columns come from the data dictionary: fields the demo cohort never had
 * (TP53, β2-microglobulin, IGHV, Binet, inclusion criteria, AE onset) are read from the database with
 * the right JavaScript types, a missing-data code reads as empty, and the CLL-IPI grouping and Table 1
 * rows work on them, on PGlite and PostgreSQL alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { baselineForms, patients, users } from '@/db/schema';
import { seedDemo } from '@/db/seed/seed-demo';
import { ALL_FIELDS } from '@/lib/analysis/dataset';
import { analysisFields } from '@/lib/analysis/fields';
import { parseDashboardQuery } from '@/lib/analysis/params';
import { cell } from '@/lib/analysis/test-data';
import { survivalView, tablesView } from '@/lib/analysis/views';
import type { Principal } from '@/lib/auth/permissions';
import { readAnalysisDataset } from '@/lib/services/analysis/read-analysis-dataset';
import { principal } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
let coordinator: Principal;

const CODES = ['PL-01-001', 'PL-01-002', 'PL-01-003'];

beforeAll(async () => {
  factory = await testDbFactory();
  database = await factory.fresh();
  await seedDemo(database);
  const [u] = await database.db.select().from(users).where(eq(users.email, 'coordinator@demo.cll-registry.org'));
  if (!u) throw new Error('no coordinator');
  coordinator = principal(u);
  const ps = await database.db.select({ id: patients.id, code: patients.code }).from(patients).where(inArray(patients.code, CODES));
  const id = (code: string) => {
    const p = ps.find((x) => x.code === code);
    if (!p) throw new Error(`no ${code}`);
    return p.id;
  };
  await database.db.transaction(async (tx) => {
    await setAuditContext(tx, { id: coordinator.id, label: 'test' }, 'dataset test');
    // Very high CLL-IPI: del(17p) 4 + IGHV unmutated 2 + β2M 3.6 > 3.5 2 + stage (Rai I, Binet C) 1 + age 56 0 = 9.
    await tx.update(baselineForms).set({
      del17p: 'present', tp53: 'mutated', ighv: 'unmutated', b2m: 3.6, binetStage: 'C', inclusionCriteria: ['a', 'c'],
    }).where(eq(baselineForms.patientId, id('PL-01-001')));
    // β2-microglobulin recorded as not done: the analyses read it as empty, so the CLL-IPI is not computable.
    await tx.update(baselineForms).set({ del17p: 'absent', tp53: 'unmutated', ighv: 'mutated', b2m: null, b2mMissing: 'not_done' })
      .where(eq(baselineForms.patientId, id('PL-01-002')));
    // β2-microglobulin 3.5 exactly does not score.
    await tx.update(baselineForms).set({ del17p: 'absent', tp53: 'unmutated', ighv: 'mutated', b2m: 3.5 })
      .where(eq(baselineForms.patientId, id('PL-01-003')));
  });
}, 120_000);
afterAll(async () => { await factory.dispose(); });

describe('dictionary columns in the analysis dataset', () => {
  it('reads the new fields with their JavaScript types', async () => {
    const rows = await readAnalysisDataset(database.db, coordinator);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    const a = byCode.get('PL-01-001');
    expect(a).toMatchObject({ tp53: 'mutated', ighv: 'unmutated', b2m: 3.6, binetStage: 'C', inclusionCriteria: ['a', 'c'] });
    expect(typeof a?.b2m).toBe('number');
    expect(typeof a?.start).toBe('number');
    expect(byCode.get('PL-01-002')?.b2m).toBeNull();
    expect(byCode.get('PL-01-003')?.b2m).toBe(3.5);
    expect(byCode.get('PL-02-001')).toMatchObject({ tp53: null, b2m: null, ighv: null });
    expect(Object.keys(a ?? {}).sort()).toEqual([...ALL_FIELDS].sort());
  });

  it('the CLL-IPI grouping reads its fields from the narrow dataset and leaves non-computable patients out', async () => {
    const q = parseDashboardQuery({ cutoff: '2017-06-30', population: 'all', endpoint: 'os_start', group: 'cll_ipi' }, { population: 'all' });
    expect(q.grouping).toBe('cll_ipi');
    const narrow = await readAnalysisDataset(database.db, coordinator, analysisFields(q.grouping));
    const full = await readAnalysisDataset(database.db, coordinator);
    const v = survivalView(narrow, q);
    expect(v.result).toEqual(survivalView(full, q).result);
    // PL-01-001 (Rai I, 56): 4 + 2 + 2 + 1 + 0 = 9; PL-01-003 (Rai III, 62, β2M 3.5): 0 + 0 + 0 + 1 + 0 = 1; PL-01-002: not computable.
    expect(v.result.groups.map((g) => [g.label, g.n])).toEqual([['low (0–1)', 1], ['very high (7–10)', 1]]);
  });

  it('Table 1 shows TP53, β2-microglobulin and the CLL-IPI; the paper\'s rows are unchanged', async () => {
    const rows = await readAnalysisDataset(database.db, coordinator);
    const [t1] = tablesView(rows, parseDashboardQuery({ cutoff: '2017-06-30', population: 'all' }, { population: 'all' })).tables;
    if (!t1) throw new Error('no table 1');
    expect(cell(t1, 'tp53.mutated')).toBe('1 (0.6%)');
    expect(cell(t1, 'b2m')).toBe('3.55 (3.5–3.6)');
    expect(cell(t1, 'cll_ipi.not_computable')).toBe('163 (98.8%)');
  });
});
