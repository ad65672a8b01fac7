import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import type { RecordKind } from '@/lib/dictionary';
import { registerPatient } from '@/lib/services/crf/register-patient';
import { saveBaseline } from '@/lib/services/crf/save-baseline';
import { saveResponse } from '@/lib/services/crf/save-response';
import { raiseRecordQuery } from '@/lib/services/crf/raise-query';
import { editCheckReport } from '@/lib/services/crf/edit-checks';
import { exportEditChecks } from '@/lib/services/crf/export-edit-checks';
import { saveRecord } from '@/lib/services/course/save-record';
import { markEnteredInError } from '@/lib/services/course/record-workflow';
import type { CrfUser } from '@/lib/services/crf/form-access';
import { saveBaselineSchema } from '@/lib/validation/baseline';
import { saveRecordSchema, splitSaveInput } from '@/lib/validation/course';
import { makeCentre, makeUser, principal } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

let n = 0;
const key = () => `course-ec-${++n}-${Math.random().toString(36).slice(2)}`;
const TODAY = '2024-01-01';

function save(db: Database['db'], user: CrfUser, kind: RecordKind, code: string, values: Record<string, unknown>) {
  const { meta, values: v } = splitSaveInput(saveRecordSchema.parse({
    kind, patientCode: code, seq: null, version: null, changeReason: null, idempotencyKey: key(), markComplete: true, ...values,
  }));
  return saveRecord(db, user, kind, meta, v);
}

describe('edit checks over the course', () => {
  it('report instance findings by name, agreements with the snapshot, and follow saves of records (the kept pass)', async () => {
    const { db } = database;
    const c1 = await makeCentre(db, 'PL-01');
    const inv = await makeUser(db, { email: 'inv@x.org', role: 'investigator', centreId: c1.id });
    const coordRow = await makeUser(db, { email: 'coord@x.org', role: 'coordinator' });
    const u: CrfUser = { ...principal(inv), email: inv.email };
    const coord: CrfUser & { email: string } = { ...principal(coordRow), email: coordRow.email };
    const { code } = await registerPatient(db, u, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
    await saveBaseline(db, u, saveBaselineSchema.parse({
      patientCode: code, version: null, idempotencyKey: key(), ibrutinibStart: '2018-03-10', ecog: 1, raiStage: 'II', binetStage: null,
      del17p: 'absent', ighv: 'unmutated', priorLines: 2, priorPurineAnalogue: true, priorAntiCd20: true, inclusionCriteria: ['a'], markComplete: true,
    }));
    await saveResponse(db, u, { patientCode: code, version: null, idempotencyKey: key(), changeReason: null, bestResponse: 'PR', assessedDate: '2018-09-01', markComplete: true });
    const courseRows = async () => (await editCheckReport(db, coord, null, TODAY)).rows.filter((r) => r.form !== 'follow-up' || r.kind !== 'missing_form');
    const before = await courseRows();

    await save(db, u, 'visit', code, { visitDate: '2018-09-01', ecog: 1, response: 'CR', progression: false, ibrutinibStatus: 'full_dose', vitalStatus: 'alive' });
    await save(db, u, 'adverse-event', code, {
      term: 'Atrial fibrillation', grade: 3, onsetDate: '2018-10-01', ongoing: true, serious: false, relation: 'probable', action: 'dose_reduced', outcome: 'recovering',
    });
    await save(db, u, 'molecular-test', code, { sampleDate: '2018-02-01', del17p: 'present', tp53: 'mutated', ighv: 'unmutated' });
    const rows = await courseRows();
    const added = rows.filter((r) => !before.some((b) => b.form === r.form && b.field === r.field && b.message === r.message));
    expect(added.map((r) => `${r.form}${r.seq ?? ''}.${r.field}`).sort()).toEqual([
      'adverse-event1.action', 'baseline.del17p', 'response.bestResponse',
    ]);
    expect(added.find((r) => r.form === 'adverse-event')?.message).toMatch(/^Adverse event 1 led to a dose reduction/);

    // The dose period that names the event: that finding goes (the pass re-checks the changed patient).
    await save(db, u, 'dose-period', code, { startDate: '2018-03-10', dose: '420' });
    await save(db, u, 'dose-period', code, { startDate: '2018-10-05', dose: '280', reason: 'adverse_event', adverseEventSeq: 1 });
    const q = await raiseRecordQuery(db, coord, { patientCode: code, kind: 'dose-period', seq: 2, field: 'dose', question: 'Was it 280 mg?' });
    expect(q.id).toBeGreaterThan(0);
    const after = await courseRows();
    expect(after.some((r) => r.form === 'adverse-event')).toBe(false);
    expect(after.find((r) => r.kind === 'open_query')).toMatchObject({ form: 'dose-period', seq: 2, field: 'dose', message: 'Query open: Was it 280 mg?' });
    // A test entered in error no longer counts against the baseline.
    await markEnteredInError(db, u, { patientCode: code, kind: 'molecular-test', seq: 1, version: 1, reason: 'another patient\'s result' });
    expect((await courseRows()).some((r) => r.field === 'del17p')).toBe(false);
    const csv = await exportEditChecks(db, coord, { kind: 'open_query' }, TODAY);
    expect(csv.body.trim().split('\n').at(-1)).toBe('"PL-01","PL-01-001","dose-period","dose","open_query","Open query","Query open: Was it 280 mg?",2');
  });
});
