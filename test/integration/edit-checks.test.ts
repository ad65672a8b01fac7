import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { auditLog, baselineForms, dataQueries, discontinuationForms, followUpForms, patients, responseForms } from '@/db/schema';
import { checkInputBatches } from '@/lib/dal/edit-check-inputs';
import { CHECK_KINDS, type CheckKind } from '@/lib/edit-checks/findings';
import { parseEditCheckParams } from '@/lib/edit-checks/params';
import { ServiceError } from '@/lib/services/errors';
import { editCheckReport, editCheckView } from '@/lib/services/crf/edit-checks';
import { exportEditChecks } from '@/lib/services/crf/export-edit-checks';
import { makeCentre, makeUser, principal } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

const TODAY = '2026-11-27';

/**
 * Three centres (PL-03 without patients), an investigator of PL-01 and PL-02, a coordinator; patients
 * with findings of every kind in PL-01 and PL-02, different per centre so a mix-up shows.
 */
async function registry() {
  const { db } = database;
  const c1 = await makeCentre(db, 'PL-01');
  const c2 = await makeCentre(db, 'PL-02');
  await makeCentre(db, 'PL-03');
  const u = async (email: string, role: 'investigator' | 'coordinator', centreId: number | null = null) =>
    ({ ...principal(await makeUser(db, { email, role, centreId })), email });
  const inv1 = await u('inv1@x.org', 'investigator', c1.id);
  const inv2 = await u('inv2@x.org', 'investigator', c2.id);
  const coord = await u('coord@x.org', 'coordinator');
  await db.transaction(async (tx) => {
    await setAuditContext(tx, { id: 'system', label: 'test import' });
    const make = async (centre: { id: number; code: string }, seq: number, status: 'active' | 'withdrawn' = 'active') => {
      const [p] = await tx.insert(patients).values({ code: `${centre.code}-${String(seq).padStart(3, '0')}`, centreId: centre.id, seq, sex: 'male', birthYear: 1950, status }).returning();
      if (!p) throw new Error('no patient');
      return p;
    };
    // PL-01: 5 patients. 001 nothing stored (3 missing forms); 002 complete and clean; 003 draft baseline
    // missing ECOG; 004 last dose before start (inconsistent) and an open query; 005 withdrawn (not checked).
    await make(c1, 1);
    const clean = async (p: { id: number }) => {
      await tx.insert(baselineForms).values({ patientId: p.id, ibrutinibStart: '2018-01-10', ecog: 1, raiStage: 'II', del17p: 'absent', priorLines: 1, status: 'complete' });
      await tx.insert(responseForms).values({ patientId: p.id, bestResponse: 'PR', assessedDate: '2018-06-01', status: 'complete' });
      await tx.insert(followUpForms).values({ patientId: p.id, vitalStatus: 'alive', lastContactDate: '2019-01-01', status: 'complete' });
    };
    await clean(await make(c1, 2));
    const p3 = await make(c1, 3);
    await tx.insert(baselineForms).values({ patientId: p3.id, ibrutinibStart: '2018-01-10', raiStage: 'II', del17p: 'absent', priorLines: 1, status: 'draft' });
    const p4 = await make(c1, 4);
    await clean(p4);
    await tx.insert(discontinuationForms).values({ patientId: p4.id, lastDoseDate: '2017-12-01', reason: 'patient_decision', status: 'complete' });
    await tx.insert(dataQueries).values({ patientId: p4.id, form: 'baseline', field: 'ecog', question: 'ECOG at start?', raisedBy: coord.id });
    await tx.insert(dataQueries).values({ patientId: p4.id, form: 'baseline', field: 'raiStage', question: 'Closed one', raisedBy: coord.id, status: 'closed' });
    await make(c1, 5, 'withdrawn');
    // PL-02: 3 patients. 001 missing forms; 002 response without a date and two open queries; 003 clean.
    await make(c2, 1);
    const q2 = await make(c2, 2);
    await clean(q2);
    await tx.update(responseForms).set({ assessedDate: null }).where(eq(responseForms.patientId, q2.id));
    await tx.insert(dataQueries).values([1, 2].map((i) => ({ patientId: q2.id, form: 'response', field: 'assessedDate', question: `Date ${i}?`, raisedBy: coord.id, status: i === 1 ? 'open' as const : 'answered' as const })));
    await clean(await make(c2, 3));
  });
  return { db, c1, c2, inv1, inv2, coord };
}

const byKind = (rows: { kind: CheckKind }[]) => Object.fromEntries(CHECK_KINDS.map((k) => [k, rows.filter((r) => r.kind === k).length]));

async function expectNotFound(p: Promise<unknown>) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ServiceError);
  expect((err as ServiceError).code).toBe('not_found');
}

describe('edit checks across all centres', () => {
  it('the all-centres summary equals the sum of the per-centre reports, and its list is theirs with a centre column', async () => {
    const { db, coord } = await registry();
    const all = await editCheckView(db, coord, {}, 1, { today: TODAY });
    expect(all.centre).toBeNull();
    expect(all.summary.map((s) => s.centre.code)).toEqual(['PL-01', 'PL-02', 'PL-03']);
    const perCentre = await Promise.all(['PL-01', 'PL-02', 'PL-03'].map((c) => editCheckReport(db, coord, c, TODAY)));
    for (const [i, report] of perCentre.entries()) {
      const s = all.summary[i];
      expect(s?.byKind).toEqual(byKind(report.rows));
      expect(s?.findings).toBe(report.rows.length);
    }
    expect(all.summary.map((s) => s.patients)).toEqual([4, 3, 0]); // active patients only
    expect(all.summary[0]?.byKind).toEqual({ missing_form: 5, missing_field: 1, inconsistent: 2, open_query: 1, not_complete: 1 });
    expect(all.summary[1]?.byKind).toEqual({ missing_form: 3, missing_field: 1, inconsistent: 0, open_query: 2, not_complete: 0 });
    expect(all.totals).toEqual({ patients: 7, findings: 16, byKind: { missing_form: 8, missing_field: 2, inconsistent: 2, open_query: 3, not_complete: 1 } });
    const concatenated = perCentre.flatMap((r) => r.rows);
    expect(all.matching).toBe(concatenated.length);
    expect(all.rows).toEqual(concatenated);
    expect(new Set(all.rows.map((r) => r.centreCode))).toEqual(new Set(['PL-01', 'PL-02']));
    // The same records read in batches of 2 (keyset across batches) as in one batch.
    const codes = async (size: number) => { const out: string[] = []; for await (const b of checkInputBatches(db, null, size)) out.push(...b.map((p) => p.input.code)); return out; };
    expect(await codes(2)).toEqual(await codes(1000));
    expect(await codes(2)).toEqual(['PL-01-001', 'PL-01-002', 'PL-01-003', 'PL-01-004', 'PL-02-001', 'PL-02-002', 'PL-02-003']);
  });

  it('filters the list by kind (the summary still counts every kind)', async () => {
    const { db, coord } = await registry();
    const v = await editCheckView(db, coord, { kind: 'open_query' }, 1, { today: TODAY });
    expect(v.rows.map((r) => `${r.patientCode}:${r.message}`)).toEqual([
      'PL-01-004:Query open: ECOG at start?', 'PL-02-002:Query open: Date 1?', 'PL-02-002:Query answered: Date 2?',
    ]);
    expect(v.matching).toBe(3);
    expect(v.totals.findings).toBe(16);
    const one = await editCheckView(db, coord, { centreCode: 'PL-02', kind: 'missing_form' }, 1, { today: TODAY });
    expect(one.centre?.code).toBe('PL-02');
    expect(one.summary.map((s) => s.centre.code)).toEqual(['PL-02']);
    expect(one.rows.map((r) => `${r.patientCode}:${r.form}`)).toEqual(['PL-02-001:baseline', 'PL-02-001:response', 'PL-02-001:follow-up']);
  });

  it('pages the findings: pages put together are the whole list; a page past the end shows the last one', async () => {
    const { db, coord } = await registry();
    const whole = (await editCheckView(db, coord, {}, 1, { today: TODAY, pageSize: 100 })).rows;
    const pages = [];
    for (let p = 1; p <= 4; p++) pages.push(await editCheckView(db, coord, {}, p, { today: TODAY, pageSize: 5 }));
    expect(pages.map((p) => p.rows.length)).toEqual([5, 5, 5, 1]);
    expect(pages.flatMap((p) => p.rows)).toEqual(whole);
    expect(pages[1]?.window).toMatchObject({ page: 2, pages: 4, first: 6, last: 10, clamped: false });
    const past = await editCheckView(db, coord, {}, 99, { today: TODAY, pageSize: 5 });
    expect(past.window).toMatchObject({ page: 4, clamped: true });
    expect(past.rows).toEqual(pages[3]?.rows);
    const filtered = await editCheckView(db, coord, { kind: 'missing_form' }, 2, { today: TODAY, pageSize: 4 });
    expect(filtered.rows.map((r) => `${r.patientCode}:${r.form}`)).toEqual(['PL-01-003:follow-up', 'PL-02-001:baseline', 'PL-02-001:response', 'PL-02-001:follow-up']);
  });

  it('an investigator sees only their centre: another centre (view, list or CSV) is not found and logged', async () => {
    const { db, c1, inv2 } = await registry();
    const mine = await editCheckView(db, inv2, { kind: 'open_query' }, 1, { today: TODAY });
    expect(mine.centre?.code).toBe('PL-02');
    expect(mine.centres.map((c) => c.code)).toEqual(['PL-02']);
    expect(mine.summary.map((s) => s.centre.code)).toEqual(['PL-02']);
    expect(mine.rows.every((r) => r.centreCode === 'PL-02' && r.patientCode.startsWith('PL-02-'))).toBe(true);
    expect(mine.matching).toBe(2);
    await expectNotFound(editCheckView(db, inv2, { centreCode: 'PL-01' }, 1, { today: TODAY }));
    await expectNotFound(editCheckView(db, inv2, { centreCode: 'PL-01', kind: 'missing_form' }, 1, { today: TODAY }));
    await expectNotFound(exportEditChecks(db, inv2, { centreCode: 'PL-01' }, TODAY));
    await expectNotFound(editCheckView(db, inv2, { centreCode: 'XX-99' }, 1, { today: TODAY }));
    const denials = await db.select().from(auditLog).where(and(eq(auditLog.action, 'access_denied'), eq(auditLog.actorId, inv2.id)));
    expect(denials.map((d) => d.centreId)).toEqual([c1.id, c1.id, c1.id]); // the unknown code is no centre
    // The CSV without a centre is the investigator's own centre, every kind.
    const csv = await exportEditChecks(db, inv2, {}, TODAY);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('"centre","patient","form","field","check","check_label","finding","instance"');
    expect(lines.slice(1).every((l) => l.startsWith('"PL-02","PL-02-'))).toBe(true);
    expect(csv.rows).toBe(6);
    expect(csv.fileName).toBe(`cll-registry-edit-checks-PL-02-${TODAY}.csv`);
  });

  it('the CSV has every finding of the coordinator\'s scope and kind, escapes formula-like text, and is audited', async () => {
    const { db, coord } = await registry();
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: coord.id, label: coord.email });
      const [p] = await tx.select().from(patients).where(eq(patients.code, 'PL-02-003'));
      await tx.insert(dataQueries).values({ patientId: p?.id ?? 0, form: 'baseline', field: 'ecog', question: '=HYPERLINK("x")', raisedBy: coord.id });
    });
    const all = await exportEditChecks(db, coord, {}, TODAY);
    expect(all.rows).toBe(17);
    expect(all.fileName).toBe(`cll-registry-edit-checks-all-centres-${TODAY}.csv`);
    const queries = await exportEditChecks(db, coord, { kind: 'open_query' }, TODAY);
    expect(queries.body.trim().split('\n').slice(1)).toEqual([
      '"PL-01","PL-01-004","baseline","ecog","open_query","Open query","Query open: ECOG at start?",""',
      '"PL-02","PL-02-002","response","assessedDate","open_query","Open query","Query open: Date 1?",""',
      '"PL-02","PL-02-002","response","assessedDate","open_query","Open query","Query answered: Date 2?",""',
      '"PL-02","PL-02-003","baseline","ecog","open_query","Open query","Query open: =HYPERLINK(""x"")",""',
    ]);
    const events = await db.select().from(auditLog).where(and(eq(auditLog.action, 'data_export'), eq(auditLog.actorId, coord.id)));
    expect(events.map((e) => [e.newValue, (e.details as { rows: number; kind: string }).rows, (e.details as { kind: string }).kind]))
      .toEqual([['edit-checks', 17, 'all'], ['edit-checks', 4, 'open_query']]);
  });

  it('an unknown kind is named in a notice and ignored (every kind shown); a bad page too', async () => {
    const { db, coord } = await registry();
    const parsed = parseEditCheckParams({ kind: 'impossible', page: 'x' });
    expect(parsed.query.kind).toBeUndefined();
    expect(parsed.notices).toEqual([
      'Unknown check kind "impossible" ignored; showing every kind (allowed: missing_form, missing_field, inconsistent, open_query, not_complete).',
      'Page "x" is not a page number; showing page 1.',
    ]);
    const v = await editCheckView(db, coord, parsed.query, parsed.page, { today: TODAY });
    expect(v.matching).toBe(16);
    expect(parseEditCheckParams({ kind: 'inconsistent' })).toEqual({ query: { centreCode: undefined, kind: 'inconsistent' }, page: 1, notices: [] });
  });
});
