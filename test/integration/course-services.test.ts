import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, getTableName } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { adverseEvents, auditLog, dataQueries, doseInterruptions, dosePeriods, idempotencyKeys, molecularTests, visits } from '@/db/schema';
import type { RecordKind } from '@/lib/dictionary';
import { ServiceError } from '@/lib/services/errors';
import { registerPatient } from '@/lib/services/crf/register-patient';
import { saveBaseline } from '@/lib/services/crf/save-baseline';
import { saveFollowUp } from '@/lib/services/crf/save-follow-up';
import { answerQuery } from '@/lib/services/crf/answer-query';
import { closeQuery } from '@/lib/services/crf/close-query';
import { raiseRecordQuery } from '@/lib/services/crf/raise-query';
import { saveRecord } from '@/lib/services/course/save-record';
import { markEnteredInError, setRecordStatus, signRecord, unlockRecord } from '@/lib/services/course/record-workflow';
import { readCourse, readRecord } from '@/lib/services/course/read-course';
import type { CrfUser } from '@/lib/services/crf/form-access';
import { saveBaselineSchema } from '@/lib/validation/baseline';
import { saveFollowUpSchema } from '@/lib/validation/follow-up';
import { saveRecordSchema, splitSaveInput } from '@/lib/validation/course';
import { replayMismatches } from './helpers/audit-replay';
import { makeCentre, makeUser, principal } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

let n = 0;
const key = () => `course-key-${++n}-${Math.random().toString(36).slice(2)}`;
const COORD_PASSWORD = 'coordinator pass 1';

async function world() {
  const { db } = database;
  const c1 = await makeCentre(db, 'PL-01');
  const c2 = await makeCentre(db, 'PL-02');
  const inv1 = await makeUser(db, { email: 'inv1@x.org', role: 'investigator', centreId: c1.id });
  const inv2 = await makeUser(db, { email: 'inv2@x.org', role: 'investigator', centreId: c2.id });
  const coord = await makeUser(db, { email: 'coord@x.org', role: 'coordinator', password: COORD_PASSWORD });
  const u = (x: typeof inv1): CrfUser => ({ ...principal(x), email: x.email });
  const w = { db, inv1: u(inv1), inv2: u(inv2), coord: u(coord) };
  const { code } = await registerPatient(db, w.inv1, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
  await saveBaseline(db, w.inv1, saveBaselineSchema.parse({
    patientCode: code, version: null, idempotencyKey: key(), ibrutinibStart: '2018-03-10', ecog: 1, raiStage: 'II', binetStage: null,
    del17p: 'absent', ighv: 'unmutated', priorLines: 2, priorPurineAnalogue: true, priorAntiCd20: true, inclusionCriteria: ['a'],
  }));
  return { ...w, code };
}

/** Valid values of one instance of each kind (for a patient who started ibrutinib on 2018-03-10). */
const VALUES: Record<RecordKind, Record<string, unknown>> = {
  visit: { visitDate: '2018-06-01', ecog: 1, response: 'PR', progression: false, progressionType: null, ibrutinibStatus: 'full_dose', vitalStatus: 'alive' },
  'adverse-event': {
    term: 'Lung infection', termSpecify: null, verbatim: 'pneumonia', grade: 3, etiology: null, onsetDate: '2018-07-01', ongoing: false,
    resolutionDate: '2018-07-20', serious: true, relation: 'possible', action: 'interrupted', outcome: 'recovered',
  },
  'dose-period': { startDate: '2018-03-10', dose: '420', doseOtherMg: null, reason: null, reasonOther: null, adverseEventSeq: null },
  interruption: { startDate: '2018-07-02', endDate: '2018-07-21', reason: 'procedure', reasonOther: null, adverseEventSeq: null },
  'molecular-test': { sampleDate: '2018-01-05', del17p: 'absent', tp53: 'unmutated', ighv: 'unmutated', del11q: 'absent', complexKaryotype: 'not_complex' },
};
/** A change of one field per kind (for "change with reason"). */
const CHANGE: Record<RecordKind, Record<string, unknown>> = {
  visit: { ecog: 2 }, 'adverse-event': { verbatim: 'lobar pneumonia' }, 'dose-period': { dose: '280' }, interruption: { endDate: '2018-07-25' },
  'molecular-test': { tp53: 'mutated' },
};
const TABLES = {
  visit: visits, 'adverse-event': adverseEvents, 'dose-period': dosePeriods, interruption: doseInterruptions, 'molecular-test': molecularTests,
} as const;

/** A save as the server action makes it: parsed by the strict schema, split into metadata and values. */
function save(w: { db: Database['db'] }, user: CrfUser, kind: RecordKind, code: string, over: Record<string, unknown> = {}, m: Record<string, unknown> = {}) {
  const parsed = saveRecordSchema.parse({
    kind, patientCode: code, seq: null, version: null, changeReason: null, idempotencyKey: key(), ...VALUES[kind], ...over, ...m,
  });
  const { meta, values } = splitSaveInput(parsed);
  return saveRecord(w.db, user, kind, meta, values);
}

async function expectError(p: Promise<unknown>, code: ServiceError['code']) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ServiceError);
  expect((err as ServiceError).code).toBe(code);
  return err as ServiceError;
}

describe('the course: each record kind through its workflow', () => {
  it('create → complete → verify → sign → unlock → change with reason, for every kind; audited with actor and reason', async () => {
    const w = await world();
    for (const kind of Object.keys(VALUES) as RecordKind[]) {
      const first = await save(w, w.inv1, kind, w.code);
      expect(first).toMatchObject({ kind, seq: 1, status: 'draft', version: 1, changed: true });
      const second = await save(w, w.inv1, kind, w.code, kind === 'dose-period' ? { startDate: '2018-05-01', dose: '280', reason: 'patient_decision' }
        : kind === 'interruption' ? { startDate: '2018-08-01', endDate: '2018-08-10' } : {}, { markComplete: true });
      expect(second).toMatchObject({ seq: 2, status: 'complete' });
      const c = await setRecordStatus(w.db, w.inv1, { patientCode: w.code, kind, seq: 1, version: 1, status: 'complete' });
      const v = await setRecordStatus(w.db, w.coord, { patientCode: w.code, kind, seq: 1, version: c.version, status: 'verified' });
      const s = await signRecord(w.db, w.coord, { patientCode: w.code, kind, seq: 1, version: v.version, password: COORD_PASSWORD });
      expect(s.signedByName).toContain('coord@x.org');
      // Locked: no save, no status change, no entered-in-error.
      await expectError(save(w, w.inv1, kind, w.code, CHANGE[kind], { seq: 1, version: s.version, changeReason: 'correction' }), 'locked');
      await expectError(markEnteredInError(w.db, w.inv1, { patientCode: w.code, kind, seq: 1, version: s.version, reason: 'duplicate entry' }), 'locked');
      const un = await unlockRecord(w.db, w.coord, { patientCode: w.code, kind, seq: 1, version: s.version, reason: 'source document corrected' });
      expect(un.status).toBe('verified');
      const noReason = await expectError(save(w, w.inv1, kind, w.code, CHANGE[kind], { seq: 1, version: un.version }), 'invalid');
      expect(noReason.fieldErrors?.changeReason).toBeDefined();
      const changed = await save(w, w.inv1, kind, w.code, CHANGE[kind], { seq: 1, version: un.version, changeReason: 'source document corrected' });
      expect(changed).toMatchObject({ seq: 1, status: 'complete', changed: true });
      const table = TABLES[kind];
      const [row] = await w.db.select().from(table).where(eq(table.seq, 1));
      expect(row).toMatchObject({ status: 'complete', signedByName: null, ...CHANGE[kind] });
      // The triggers wrote the change with its actor and reason; the signature and unlock are events.
      const audit = await w.db.select().from(auditLog).where(eq(auditLog.tableName, getTableName(table)));
      const changeRow = audit.find((a) => a.action === 'update' && a.reason === 'source document corrected' && a.field !== 'status' && a.field !== 'version'
        && a.field !== 'updated_at' && a.field !== 'updated_by' && a.field !== 'signed_by_name' && a.field !== 'signed_at' && a.field !== 'signature_meaning'
        && a.field !== 'signed_by_user_id');
      expect(changeRow?.actorId).toBe(w.inv1.id);
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['insert', 'update', 'form_signed', 'form_unlocked']));
    }
    const course = await readCourse(w.db, w.inv1, w.code);
    expect(course.instances).toHaveLength(10);
    // Course order: by date.
    const dates = course.instances.map((i) => i.date ?? '');
    expect(dates).toEqual([...dates].sort());
    expect(course.instances[0]).toMatchObject({ kind: 'molecular-test', seq: 1, title: 'Molecular / cytogenetic test 1' });
    // The audit trail reproduces every stored value of the course's tables.
    const replay = await replayMismatches(w.db);
    expect(replay.mismatches).toEqual([]);
    expect(replay.compared).toBeGreaterThan(100);
  });

  it('a replayed save (same idempotency key) writes one instance; the next gets the next number', async () => {
    const w = await world();
    const k = key();
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await save(w, w.inv1, 'visit', w.code, {}, { idempotencyKey: k }));
    expect(new Set(results.map((r) => r.seq))).toEqual(new Set([1]));
    expect(await w.db.select().from(visits)).toHaveLength(1);
    expect((await save(w, w.inv1, 'visit', w.code, { visitDate: '2018-09-01' })).seq).toBe(2);
    expect((await w.db.select().from(idempotencyKeys)).length).toBeGreaterThanOrEqual(2);
  });

  it('a save from an old version is refused with the stored values next to the submitted ones', async () => {
    const w = await world();
    await save(w, w.inv1, 'adverse-event', w.code);
    await save(w, w.inv1, 'adverse-event', w.code, { grade: 4 }, { seq: 1, version: 1 });
    const err = await expectError(save(w, w.inv1, 'adverse-event', w.code, { grade: 2 }, { seq: 1, version: 1 }), 'conflict');
    expect(err.message).toMatch(/Someone else saved adverse event 1 \(now version 2\)/);
    expect(err.details?.changes).toEqual(expect.arrayContaining([{ field: 'grade', label: 'CTCAE grade', current: '4', yours: '2' }]));
    expect((await w.db.select().from(adverseEvents))[0]?.grade).toBe(4);
    // The computed fields: the SOC from the CTCAE dictionary, "Other, specify" joined into the term.
    await save(w, w.inv1, 'adverse-event', w.code, { term: 'Eye disorders - Other, specify', termSpecify: 'hyphema', grade: 2, onsetDate: '2018-09-01', resolutionDate: '2018-09-10' });
    const [, eye] = await w.db.select().from(adverseEvents).orderBy(adverseEvents.seq);
    expect(eye).toMatchObject({ term: 'Eye disorders - Other, specify: hyphema', soc: 'Eye disorders' });
    const read = await readRecord(w.db, w.inv1, w.code, 'adverse-event', 2);
    expect(read.formValues).toMatchObject({ term: 'Eye disorders - Other, specify', termSpecify: 'hyphema' });
  });

  it('centre scope: another centre reads and writes as not found, a coordinator cannot enter data; nothing written', async () => {
    const w = await world();
    await save(w, w.inv1, 'visit', w.code);
    await expectError(save(w, w.inv2, 'visit', w.code, { visitDate: '2018-07-01' }), 'not_found');
    await expectError(save(w, w.coord, 'visit', w.code, { visitDate: '2018-07-01' }), 'forbidden');
    await expectError(readCourse(w.db, w.inv2, w.code), 'not_found');
    await expectError(readRecord(w.db, w.inv2, w.code, 'visit', 1), 'not_found');
    await expectError(markEnteredInError(w.db, w.inv2, { patientCode: w.code, kind: 'visit', seq: 1, version: 1, reason: 'wrong patient' }), 'not_found');
    await expectError(save(w, w.inv1, 'visit', w.code, {}, { seq: 9, version: 1 }), 'not_found');
    expect(await w.db.select().from(visits)).toHaveLength(1);
    expect((await readCourse(w.db, w.coord, w.code)).instances).toHaveLength(1);
  });

  it('entered in error: kept, flagged with the reason (audited), read-only, left out of the rules; not while a dose change names the event', async () => {
    const w = await world();
    await save(w, w.inv1, 'adverse-event', w.code);
    await save(w, w.inv1, 'interruption', w.code, { reason: 'adverse_event', adverseEventSeq: 1 });
    const linked = await expectError(markEnteredInError(w.db, w.inv1, { patientCode: w.code, kind: 'adverse-event', seq: 1, version: 1, reason: 'duplicate entry' }), 'invalid');
    expect(linked.message).toMatch(/cause of interruption 1/);
    const marked = await markEnteredInError(w.db, w.inv1, { patientCode: w.code, kind: 'interruption', seq: 1, version: 1, reason: 'wrong patient chart' });
    expect(marked.version).toBe(2);
    const [row] = await w.db.select().from(doseInterruptions);
    expect(row?.enteredInError).toBe(true);
    const audit = await w.db.select().from(auditLog).where(and(eq(auditLog.tableName, 'dose_interruptions'), eq(auditLog.field, 'entered_in_error')));
    expect(audit.find((a) => a.action === 'update')).toMatchObject({ reason: 'wrong patient chart', actorId: w.inv1.id, newValue: 'true' });
    await expectError(save(w, w.inv1, 'interruption', w.code, { endDate: '2018-07-30' }, { seq: 1, version: 2 }), 'invalid');
    await expectError(setRecordStatus(w.db, w.inv1, { patientCode: w.code, kind: 'interruption', seq: 1, version: 2, status: 'complete' }), 'invalid');
    await expectError(raiseRecordQuery(w.db, w.coord, { patientCode: w.code, kind: 'interruption', seq: 1, field: 'startDate', question: 'Which date?' }), 'invalid');
    // Left out of the rules: a new interruption over the same days is fine, and the event can now be marked.
    expect((await save(w, w.inv1, 'interruption', w.code, { reason: 'procedure' })).seq).toBe(2);
    await markEnteredInError(w.db, w.inv1, { patientCode: w.code, kind: 'adverse-event', seq: 1, version: 1, reason: 'duplicate entry' });
    const course = await readCourse(w.db, w.inv1, w.code);
    expect(course.instances.filter((i) => i.enteredInError).map((i) => i.title).sort()).toEqual(['Adverse event 1', 'Interruption 1']);
    // A link to an event entered in error is refused.
    const toError = await expectError(save(w, w.inv1, 'dose-period', w.code, { startDate: '2018-08-01', dose: '280', reason: 'adverse_event', adverseEventSeq: 1 }), 'invalid');
    expect(toError.fieldErrors?.adverseEventSeq?.[0]).toMatch(/entered in error/);
  });
});

describe('the course rules refuse bad input and change nothing', () => {
  it('dates against the start, each other, and the death; links; overlaps; duplicate doses; fatal events', async () => {
    const w = await world();
    const refused = async (kind: RecordKind, over: Record<string, unknown>, field: string, pattern: RegExp) => {
      const before = (await w.db.select().from(TABLES[kind])).length;
      const err = await expectError(save(w, w.inv1, kind, w.code, over), 'invalid');
      expect(err.fieldErrors?.[field]?.join(' ')).toMatch(pattern);
      expect(await w.db.select().from(TABLES[kind])).toHaveLength(before);
    };
    await refused('visit', { visitDate: '2018-01-01' }, 'visitDate', /before the ibrutinib start \(2018-03-10\)/);
    await refused('adverse-event', { onsetDate: '2018-03-01' }, 'onsetDate', /before the ibrutinib start/);
    await refused('dose-period', { startDate: '2018-02-01' }, 'startDate', /before the ibrutinib start/);
    await save(w, w.inv1, 'dose-period', w.code);
    await refused('dose-period', { dose: '280' }, 'startDate', /already starts on 2018-03-10/);
    await save(w, w.inv1, 'interruption', w.code);
    await refused('interruption', { startDate: '2018-07-10', endDate: '2018-08-01' }, 'startDate', /overlaps interruption 1/);
    await refused('interruption', { startDate: '2018-09-01', endDate: null, reason: 'adverse_event', adverseEventSeq: 4 }, 'adverseEventSeq', /no adverse event 4/);
    await save(w, w.inv1, 'adverse-event', w.code, { onsetDate: '2018-09-05', resolutionDate: '2018-09-20' });
    await refused('dose-period', { startDate: '2018-09-01', dose: '280', reason: 'adverse_event', adverseEventSeq: 1 }, 'adverseEventSeq', /began on 2018-09-05, after this change/);
    await refused('adverse-event', { grade: 5, outcome: 'fatal', onsetDate: '2018-10-01', resolutionDate: '2018-10-05' }, 'grade', /record the death/);
    // The patient dies: a grade 5 event of a cause the death explains is accepted, nothing after the death is.
    await saveFollowUp(w.db, w.inv1, saveFollowUpSchema.parse({
      patientCode: w.code, version: null, idempotencyKey: key(), vitalStatus: 'dead', lastContactDate: '2018-10-05', deathDate: '2018-10-05', deathCause: 'infection',
    }));
    expect((await save(w, w.inv1, 'adverse-event', w.code, { grade: 5, outcome: 'fatal', onsetDate: '2018-10-01', resolutionDate: '2018-10-05' })).seq).toBe(2);
    await refused('visit', { visitDate: '2018-11-01' }, 'visitDate', /after the date of death \(2018-10-05\)/);
    await refused('adverse-event', { term: 'Atrial fibrillation', grade: 5, outcome: 'fatal', onsetDate: '2018-10-01', resolutionDate: '2018-10-05' }, 'grade', /cause or a contributing cause/);
  });

  it('the service holds the rules a form\'s schema also checks, for callers that bypass it (a crafted request, an import)', async () => {
    const w = await world();
    const meta = (over: Record<string, unknown> = {}) => ({ patientCode: w.code, seq: null, version: null, changeReason: null, idempotencyKey: key(), ...over });
    const bad = async (kind: RecordKind, over: Record<string, unknown>, field: string, pattern: RegExp) => {
      const err = await expectError(saveRecord(w.db, w.inv1, kind, meta(), { ...VALUES[kind], ...over }), 'invalid');
      expect(err.fieldErrors?.[field]?.join(' ')).toMatch(pattern);
    };
    await bad('adverse-event', { resolutionDate: '2018-06-01' }, 'resolutionDate', /cannot be before the onset/);
    await bad('adverse-event', { term: 'Neutrophil count decreased', grade: 5, outcome: 'fatal' }, 'grade', /not defined/);
    await bad('interruption', { endDate: '2018-07-01' }, 'endDate', /cannot be before its first day/);
    await bad('visit', { visitDate: '2999-01-01' }, 'visitDate', /future/);
    expect(await w.db.select().from(adverseEvents)).toHaveLength(0);
    expect(await w.db.select().from(doseInterruptions)).toHaveLength(0);
    expect(await w.db.select().from(visits)).toHaveLength(0);
  });

  it('a snapshot form meets the course on its side: the date of death not before a visit', async () => {
    const w = await world();
    await save(w, w.inv1, 'visit', w.code, { visitDate: '2018-12-01' });
    const err = await expectError(saveFollowUp(w.db, w.inv1, saveFollowUpSchema.parse({
      patientCode: w.code, version: null, idempotencyKey: key(), vitalStatus: 'dead', lastContactDate: '2018-11-01', deathDate: '2018-11-01', deathCause: 'infection',
    })), 'invalid');
    expect(err.fieldErrors?.deathDate?.join(' ')).toMatch(/cannot be before visit 1 \(visit date, 2018-12-01\)/);
  });
});

describe('data queries on an instance', () => {
  it('block the verification of that instance only, until closed', async () => {
    const w = await world();
    await save(w, w.inv1, 'visit', w.code, {}, { markComplete: true });
    await save(w, w.inv1, 'visit', w.code, { visitDate: '2018-09-01' }, { markComplete: true });
    const q = await raiseRecordQuery(w.db, w.coord, { patientCode: w.code, kind: 'visit', seq: 1, field: 'ecog', question: 'ECOG 1 or 2?' });
    const [stored] = await w.db.select().from(dataQueries);
    expect(stored).toMatchObject({ form: 'visit', recordSeq: 1, field: 'ecog' });
    await expectError(raiseRecordQuery(w.db, w.coord, { patientCode: w.code, kind: 'visit', seq: 1, field: 'soc', question: 'Which?' }), 'invalid');
    await expectError(raiseRecordQuery(w.db, w.coord, { patientCode: w.code, kind: 'visit', seq: 5, field: 'ecog', question: 'Which?' }), 'not_found');
    const blocked = await expectError(setRecordStatus(w.db, w.coord, { patientCode: w.code, kind: 'visit', seq: 1, version: 1, status: 'verified' }), 'invalid');
    expect(blocked.message).toBe('Close the open data queries on this record first (1 open).');
    expect(blocked.fieldErrors?.ecog).toBeDefined();
    // The other visit is not held up by it.
    expect((await setRecordStatus(w.db, w.coord, { patientCode: w.code, kind: 'visit', seq: 2, version: 1, status: 'verified' })).status).toBe('verified');
    expect((await readCourse(w.db, w.inv1, w.code)).instances.map((i) => i.openQueries)).toEqual([1, 0]);
    await answerQuery(w.db, w.inv1, { queryId: q.id, answer: 'ECOG 1 per the clinic letter.' });
    await expectError(setRecordStatus(w.db, w.coord, { patientCode: w.code, kind: 'visit', seq: 1, version: 1, status: 'verified' }), 'invalid');
    await closeQuery(w.db, w.coord, { queryId: q.id });
    expect((await setRecordStatus(w.db, w.coord, { patientCode: w.code, kind: 'visit', seq: 1, version: 1, status: 'verified' })).status).toBe('verified');
    const read = await readRecord(w.db, w.inv1, w.code, 'visit', 1);
    expect(read.queries).toHaveLength(1);
    expect(read.instance.openQueries).toBe(0);
  });
});
