import { describe, expect, it } from 'vitest';
import { entryFieldsOf, RECORD_KINDS, valueKey } from '@/lib/dictionary';
import { recordFormSchemas, recordSaveMeta, saveRecordSchema, splitSaveInput } from './course';

const meta = { patientCode: 'PL-01-001', seq: null, version: null, changeReason: null, idempotencyKey: 'key-12345678' };
const aeValues = {
  term: 'Lung infection', termSpecify: null, verbatim: null, grade: 3, etiology: null, onsetDate: '2019-04-20', onsetDateMissing: null,
  ongoing: false, resolutionDate: '2019-05-02', serious: true, relation: 'possible', action: 'interrupted', outcome: 'recovered',
};

describe('record save schemas', () => {
  it('no value key of a record is a name of the save metadata (the save is flat)', () => {
    const meta = new Set(['kind', ...Object.keys(recordSaveMeta)]);
    for (const kind of RECORD_KINDS) for (const f of entryFieldsOf(kind)) expect(meta.has(valueKey(f)), `${kind}.${valueKey(f)}`).toBe(false);
  });

  it('parses a save of each kind and splits it into metadata and values', () => {
    const parsed = saveRecordSchema.parse({ kind: 'adverse-event', ...meta, ...aeValues });
    const { kind, meta: m, values } = splitSaveInput(parsed);
    expect(kind).toBe('adverse-event');
    expect(m).toMatchObject({ patientCode: 'PL-01-001', seq: null, version: null });
    expect(values).toMatchObject({ term: 'Lung infection', grade: 3 });
    expect(values).not.toHaveProperty('idempotencyKey');
    expect(saveRecordSchema.safeParse({ kind: 'visit', ...meta, visitDate: '2019-01-01', progression: false, ibrutinibStatus: 'full_dose', vitalStatus: 'alive' }).success).toBe(true);
  });

  it('refuses an unknown key, an unknown kind, a grade CTCAE does not define, a value only another answer allows', () => {
    expect(saveRecordSchema.safeParse({ kind: 'adverse-event', ...meta, ...aeValues, soc: 'made up' }).success).toBe(false);
    expect(saveRecordSchema.safeParse({ kind: 'lab', ...meta }).success).toBe(false);
    const grade = recordFormSchemas['adverse-event'].safeParse({ ...aeValues, term: 'Atrial fibrillation', grade: 5, outcome: 'fatal', resolutionDate: '2019-05-01', ongoing: false });
    expect(grade.success).toBe(true);
    const badGrade = recordFormSchemas['adverse-event'].safeParse({ ...aeValues, term: 'Neutrophil count decreased', grade: 5, outcome: 'fatal' });
    expect(badGrade.error?.issues.map((i) => i.path.join('.'))).toContain('grade');
    const ongoing = recordFormSchemas['adverse-event'].safeParse({ ...aeValues, ongoing: true });
    expect(ongoing.error?.issues.map((i) => i.path.join('.'))).toContain('resolutionDate');
    const noAe = recordFormSchemas.interruption.safeParse({ startDate: '2019-01-01', endDate: null, reason: 'adverse_event', reasonOther: null, adverseEventSeq: null });
    expect(noAe.error?.issues.map((i) => i.path.join('.'))).toContain('adverseEventSeq');
  });
});
