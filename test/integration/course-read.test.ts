/**
 * The record home's reads (lib/dal/course-read.ts) on a migrated database: a course entered through
 * the services comes back per kind in seq order with entered-in-error instances kept, open queries
 * are counted per instance, an instance's history is its own, and the home's grid, derivation and
 * swimmer layout built from those rows show the course that was entered.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { deriveCourse } from '@/lib/course/derive';
import { countOpenQueries, listAdverseEventChoices, loadCourse, loadInstanceHistory, loadRecord, queryRecordSeqs } from '@/lib/dal/course-read';
import { loadPatientForms } from '@/lib/dal/patients';
import type { RecordKind } from '@/lib/dictionary';
import { closeQuery } from '@/lib/services/crf/close-query';
import { raiseRecordQuery } from '@/lib/services/crf/raise-query';
import { registerPatient } from '@/lib/services/crf/register-patient';
import { saveBaseline } from '@/lib/services/crf/save-baseline';
import type { CrfUser } from '@/lib/services/crf/form-access';
import { saveRecord } from '@/lib/services/course/save-record';
import { markEnteredInError } from '@/lib/services/course/record-workflow';
import { saveBaselineSchema } from '@/lib/validation/baseline';
import { saveRecordSchema, splitSaveInput } from '@/lib/validation/course';
import { courseInputOf } from '@/components/course/course-input';
import { buildHomeGrid } from '@/components/course/home-grid';
import { swimmerLayout } from '@/components/course/swimmer-layout';
import { makeCentre, makeUser, principal } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

let n = 0;
const key = () => `course-read-${++n}-${Math.random().toString(36).slice(2)}`;

async function world() {
  const { db } = database;
  const c1 = await makeCentre(db, 'PL-01');
  const inv = await makeUser(db, { email: 'inv1@x.org', role: 'investigator', centreId: c1.id });
  const coordRow = await makeUser(db, { email: 'coord@x.org', role: 'coordinator' });
  const user: CrfUser = { ...principal(inv), email: inv.email };
  const coord: CrfUser = { ...principal(coordRow), email: coordRow.email };
  const { code } = await registerPatient(db, user, { sex: 'male', birthYear: 1950, idempotencyKey: key() });
  await saveBaseline(db, user, saveBaselineSchema.parse({
    patientCode: code, version: null, idempotencyKey: key(), ibrutinibStart: '2020-01-15', ecog: 1, raiStage: 'II', binetStage: null,
    del17p: 'absent', ighv: 'unmutated', priorLines: 1, priorPurineAnalogue: false, priorAntiCd20: true, inclusionCriteria: [],
  }));
  const save = (kind: RecordKind, values: Record<string, unknown>) => {
    const parsed = saveRecordSchema.parse({ kind, patientCode: code, seq: null, version: null, changeReason: null, idempotencyKey: key(), ...values });
    const { meta, values: v } = splitSaveInput(parsed);
    return saveRecord(db, user, kind, meta, v);
  };
  const [patient] = await db.query.patients.findMany({ where: (p, { eq }) => eq(p.code, code) });
  if (!patient) throw new Error('patient missing');
  return { db, user, coord, code, patientId: patient.id, save };
}

const AE = {
  termSpecify: null, verbatim: null, etiology: null, ongoing: false, serious: true, relation: 'probable', outcome: 'recovered',
};

describe('course reads for the record home', () => {
  it('reads the course per kind, counts open queries per instance and gives each instance its own history', async () => {
    const w = await world();
    await w.save('adverse-event', { ...AE, term: 'Atrial fibrillation', grade: 3, onsetDate: '2020-05-01', resolutionDate: '2020-05-20', action: 'dose_reduced' });
    await w.save('adverse-event', { ...AE, term: 'Fatigue', grade: 1, onsetDate: '2020-03-01', resolutionDate: '2020-03-05', action: 'none' });
    await w.save('dose-period', { startDate: '2020-01-15', dose: '420', doseOtherMg: null, reason: null, reasonOther: null, adverseEventSeq: null });
    await w.save('dose-period', { startDate: '2020-05-05', dose: '280', doseOtherMg: null, reason: 'adverse_event', reasonOther: null, adverseEventSeq: 1 });
    await w.save('interruption', { startDate: '2020-07-01', endDate: '2020-07-10', reason: 'procedure', reasonOther: null, adverseEventSeq: null });
    await markEnteredInError(w.db, w.user, { patientCode: w.code, kind: 'adverse-event', seq: 2, version: 1, reason: 'duplicate of another patient' });

    const course = await loadCourse(w.db, w.patientId);
    expect(course['adverse-event'].map((a) => [a.seq, a.term, a.enteredInError])).toEqual([[1, 'Atrial fibrillation', false], [2, 'Fatigue', true]]);
    expect(course['dose-period'].map((p) => p.dose)).toEqual(['420', '280']);
    expect(course.visit).toEqual([]);
    expect((await loadRecord(w.db, w.patientId, 'dose-period', 2))?.adverseEventSeq).toBe(1);
    expect(await loadRecord(w.db, w.patientId, 'dose-period', 3)).toBeNull();
    expect((await listAdverseEventChoices(w.db, w.patientId)).map((a) => [a.seq, a.action, a.enteredInError]))
      .toEqual([[1, 'dose_reduced', false], [2, 'none', true]]);

    // Queries: one open and one closed on adverse event 1 → one open.
    const q1 = await raiseRecordQuery(w.db, w.coord, { patientCode: w.code, kind: 'adverse-event', seq: 1, field: 'grade', question: 'Grade 3 confirmed?' });
    const q2 = await raiseRecordQuery(w.db, w.coord, { patientCode: w.code, kind: 'adverse-event', seq: 1, field: 'onsetDate', question: 'Onset date?' });
    await closeQuery(w.db, w.coord, { queryId: q2.id });
    expect(await countOpenQueries(w.db, w.patientId)).toEqual([{ form: 'adverse-event', recordSeq: 1, open: 1 }]);
    const seqs = await queryRecordSeqs(w.db, w.patientId);
    expect([seqs.get(q1.id), seqs.get(q2.id)]).toEqual([1, 1]);

    // The history of adverse event 2 is its own: its creation and the entered-in-error flag with the reason, nothing of event 1.
    const ae2 = course['adverse-event'][1];
    const history = await loadInstanceHistory(w.db, w.patientId, 'adverse_events', ae2?.id ?? 0);
    expect(history.length).toBeGreaterThan(0);
    expect(history.every((h) => h.recordId === String(ae2?.id))).toBe(true);
    expect(history.find((h) => h.field === 'entered_in_error' && h.newValue === 'true')?.reason).toBe('duplicate of another patient');
    expect(history.some((h) => h.field === 'term' && h.newValue === 'Atrial fibrillation')).toBe(false);

    // What the home builds from these rows.
    const forms = await loadPatientForms(w.db, w.patientId);
    const grid = buildHomeGrid({
      code: w.code, canWrite: true, openQueries: await countOpenQueries(w.db, w.patientId), course,
      forms: { baseline: forms.baseline, response: forms.response, discontinuation: forms.discontinuation, therapies: forms.therapyForm, 'follow-up': forms.followUp },
    });
    const aeRow = grid.find((r) => r.key === 'adverse-event');
    expect(aeRow?.cells.map((c) => [c.seq, c.enteredInError, c.openQueries])).toEqual([[2, true, 0], [1, false, 1]]);
    const derived = deriveCourse(courseInputOf(forms, course));
    expect(derived.firstDoseReduction).toEqual({ date: '2020-05-05', seq: 2, fromMg: 420, toMg: 280 });
    const layout = swimmerLayout(derived);
    expect(layout?.segments.map((s) => s.band)).toEqual(['420', '280']);
    expect(layout?.interruptions.map((i) => i.days)).toEqual([10]);
    // The event entered in error is not drawn.
    expect(layout?.adverseEvents.map((a) => a.seq)).toEqual([1]);
  });
});
