import { describe, expect, it } from 'vitest';
import { COLUMN_NAMES } from './codes';
import { csvHeader, csvLine, patientCells } from './csv-format';
import { deriveColumns } from './derived';
import { formParts } from './form-parts';
import { parseImport } from './parse-import';

/** A cohort CSV with every column, from rows of the cells that are filled (the rest empty). */
function csv(rows: Record<string, string | number>[]): string {
  const line = (r: Record<string, string | number>) => COLUMN_NAMES.map((n) => {
    const v = r[n];
    return v === undefined ? '' : typeof v === 'number' ? String(v) : `"${v}"`;
  }).join(',');
  return [csvHeader(), ...rows.map(line)].join('\n') + '\n';
}

const PATIENT = { centre: 'PL-01', sex: 'female', birthYear: 1950 };
const BASELINE = { ibrutinibStart: '2018-03-05', ecog: 1, raiStage: 'II', del17p: 'absent', priorLines: 2 };
const FOLLOW_UP = { vitalStatus: 'alive', lastContactDate: '2019-06-30' };

const parse = (rows: Record<string, string | number>[]) => parseImport('partial.csv', csv(rows));

describe('partial records: which forms, which status', () => {
  it('a row with only the patient columns is a registered patient with no forms', () => {
    const r = parse([{ id: 'PL-01-101', ...PATIENT }]);
    expect(r.problems).toEqual([]);
    const p = r.patients[0]?.patient;
    expect(p).toMatchObject({ ibrutinibStart: null, ecog: null, vitalStatus: null, lastContactDate: null, ageAtStart: null });
    expect(p && formParts(p)).toEqual({ baseline: null, response: null, discontinuation: null, therapies: null, followUp: null });
  });

  it('a baseline missing required values (required-fields.ts) is a draft naming them; with all of them it is complete', () => {
    const r = parse([
      { id: 'PL-01-102', ...PATIENT, ibrutinibStart: '2018-03-05', ecog: 1 },
      { id: 'PL-01-103', ...PATIENT, ...BASELINE },
    ]);
    expect(r.problems).toEqual([]);
    const [draft, complete] = r.patients.map((x) => formParts(x.patient));
    expect(draft?.baseline).toMatchObject({ status: 'draft', missing: ['raiStage', 'del17p', 'priorLines'], values: { ibrutinibStart: '2018-03-05', ageAtStart: 67, ecog: 1 } });
    expect(complete?.baseline).toMatchObject({ status: 'complete', missing: [] });
    expect(complete?.followUp).toBeNull();
    expect(complete?.response).toBeNull();
  });

  it('response and follow-up are drafts without their date; follow-up without baseline is accepted', () => {
    const r = parse([
      { id: 'PL-01-104', ...PATIENT, bestResponse: 'PR', vitalStatus: 'alive' },
      { id: 'PL-01-105', ...PATIENT, ...FOLLOW_UP, bestResponse: 'CR', response_assessedDate: '2019-01-10' },
    ]);
    expect(r.problems).toEqual([]);
    const [a, b] = r.patients.map((x) => formParts(x.patient));
    expect(a).toMatchObject({ baseline: null, response: { status: 'draft', missing: ['assessedDate'] }, followUp: { status: 'draft', missing: ['lastContactDate'] } });
    expect(b).toMatchObject({ baseline: null, response: { status: 'complete' }, followUp: { status: 'complete' } });
  });

  it('keeps every value check for the values that are present', () => {
    const ps = parse([
      { id: 'PL-01-106', ...PATIENT, raiStage: 'V' },
      { id: 'PL-01-107', ...PATIENT, ageAtStart: 60 },
      { id: 'PL-01-108', ...PATIENT, ibrutinibStart: '2018-03-05', lastContactDate: '2018-01-01' },
      { id: 'PL-01-109', ...PATIENT, deathDate: '2019-01-01' },
      { id: 'PL-01-110', ...PATIENT, ibrutinibStart: '2018-03-05', ageAtStart: 40 },
    ]).problems.map((p) => `${p.row} ${p.column}: ${p.message}`);
    expect(ps).toContainEqual(expect.stringMatching(/^1 raiStage: must be one of: 0, I, II, III, IV/));
    expect(ps).toContain('2 ageAtStart: is given without ibrutinibStart (the age at start needs the start date)');
    expect(ps).toContain('3 lastContactDate: The last contact (2018-01-01) cannot be before the ibrutinib start (2018-03-05).');
    expect(ps).toContain('4 deathDate: is given but the vital status is empty');
    expect(ps).toContainEqual(expect.stringMatching(/^5 ageAtStart: 40 does not fit birth year 1950/));
  });

  it('derived columns are empty when their inputs are missing, never a wrong number', () => {
    const r = parse([
      { id: 'PL-01-111', ...PATIENT },
      { id: 'PL-01-112', ...PATIENT, ...BASELINE },
      { id: 'PL-01-113', ...PATIENT, ...FOLLOW_UP },
      { id: 'PL-01-114', ...PATIENT, ...BASELINE, disc_date: '2019-01-05', disc_reason: 'patient_decision' },
    ]);
    expect(r.problems).toEqual([]);
    const [none, baselineOnly, followUpOnly, stopped] = r.patients.map((x) => deriveColumns(x.patient, null));
    const empty = { os_days_from_discontinuation: null, os_months: null, os_event: null, treatment_days: null, treatment_months: null,
      fu_days_from_start: null, fu_months_from_start: null, fu_death: null };
    expect(none).toMatchObject({ ...empty, discontinued: false, n_subsequentTherapies: 0, treatment_ongoing: null });
    expect(baselineOnly).toMatchObject({ ...empty, treatment_ongoing: null });
    // A last contact without a start: still on treatment, but no duration can be computed.
    expect(followUpOnly).toMatchObject({ ...empty, fu_death: null, treatment_ongoing: true });
    // Stopped, no follow-up yet: time on ibrutinib is known, survival after it is not.
    expect(stopped).toMatchObject({ discontinued: true, treatment_days: 306, treatment_months: 10.053, treatment_ongoing: false,
      os_days_from_discontinuation: null, os_event: null, fu_days_from_start: null, fu_death: null });
  });

  it('an exported partial row re-imports to the same record, and a filled derived cell must still agree', () => {
    const first = parse([{ id: 'PL-01-115', ...PATIENT, ...BASELINE, disc_date: '2019-01-05', disc_reason: 'patient_decision', bestResponse: 'SD' }]);
    const p = first.patients[0];
    if (!p) throw new Error('not parsed');
    const text = [csvHeader(), csvLine(patientCells(p.patient, deriveColumns(p.patient, null)))].join('\n') + '\n';
    const again = parseImport('again.csv', text);
    expect(again.problems).toEqual([]);
    expect(again.patients[0]?.patient).toEqual(p.patient);
    const wrong = parseImport('wrong.csv', text.replace(/,306,10\.053,FALSE,,,,/, ',306,10.053,FALSE,0,0,0,'));
    expect(wrong.problems.map((x) => x.column)).toEqual(['fu_days_from_start', 'fu_months_from_start', 'fu_death']);
  });

  it('JSON: a patient with only the patient fields is accepted; an empty inclusion list reads as none', () => {
    const r = parseImport('p.json', JSON.stringify({ patients: [{ id: 'PL-01-116', ...PATIENT, inclusionCriteria: [] }] }));
    expect(r.problems).toEqual([]);
    expect(r.patients[0]?.patient.inclusionCriteria).toBeNull();
  });
});
