/**
 * The cohort file as the data dictionary makes it: the published columns first and unchanged, new
 * dictionary fields appended; the record schema built from the exchange paths; missing-data codes
 * kept distinct from empty cells in CSV, JSON, the dictionary file, the R script and ODM.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELDS, type FieldDef } from '@/lib/dictionary';
import { COLUMNS, PUBLISHED_COLUMN_COUNT } from './codes';
import { csvHeader, csvLine, patientCells } from './csv-format';
import { deriveColumns } from './derived';
import { dataDictionaryCsv } from './export-dictionary';
import { odmXml } from './export-odm';
import { rScript } from './export-syntax';
import { formParts } from './form-parts';
import { ODM_FORMS } from './odm-items';
import { validateOdm } from './odm-structure';
import { parseImport } from './parse-import';
import { exchangePatientSchema, type ExchangeAdverseEvent, type ExchangePatient } from './patient';

/** The published file's header: the demo cohort's 38 columns and the registry's 11, in this order. */
const PUBLISHED = [
  'id', 'centre', 'centre_city', 'sex', 'birthYear', 'ibrutinibStart', 'ageAtStart', 'ecog', 'raiStage', 'del17p', 'priorLines', 'bestResponse',
  'discontinued', 'disc_date', 'disc_reason', 'disc_progressionType', 'disc_rtHistology', 'disc_cnsInvolvement', 'ae_term', 'ae_soc', 'ae_grade',
  'ae_etiology', 'ae_paperLabel', 'subsequentTherapies', 'n_subsequentTherapies', 'vitalStatus', 'deathDate', 'deathCause', 'lastContactDate',
  'os_days_from_discontinuation', 'os_months', 'os_event', 'treatment_days', 'treatment_months', 'treatment_ongoing', 'fu_days_from_start',
  'fu_months_from_start', 'fu_death', 'binetStage', 'ighv', 'priorPurineAnalogue', 'priorAntiCd20', 'inclusionCriteria', 'response_assessedDate',
  'disc_reasonOther', 'disc_resistanceMutations', 'ae_onsetDate', 'deathCauseOther', 'patientStatus',
];

const PATIENT = { id: 'PL-01-301', centre: 'PL-01', sex: 'female', birthYear: 1950, ibrutinibStart: '2018-03-05', ecog: 1, raiStage: 'II', del17p: 'absent', priorLines: 2 };

/** A CSV with every column from named cells (the rest empty). */
function csv(rows: Record<string, string | number>[]): string {
  const line = (r: Record<string, string | number>) => COLUMNS.map((c) => {
    const v = r[c.name];
    return v === undefined ? '' : typeof v === 'number' ? String(v) : `"${v}"`;
  }).join(',');
  return [csvHeader(), ...rows.map(line)].join('\n') + '\n';
}

const exported = (ps: readonly ExchangePatient[]) => [csvHeader(), ...ps.map((p) => csvLine(patientCells(p, deriveColumns(p, null))))].join('\n') + '\n';

describe('columns from the dictionary', () => {
  it('keeps the published 49 columns first, in order, and appends the new dictionary fields (tp53, b2m)', () => {
    expect(PUBLISHED_COLUMN_COUNT).toBe(49);
    expect(COLUMNS.slice(0, 49).map((c) => c.name)).toEqual(PUBLISHED);
    expect(COLUMNS.slice(49).map((c) => c.name)).toEqual(['tp53', 'b2m']);
  });

  it('has every exchanged field once, typed, labelled and coded by its entry', () => {
    const exchanged = (FIELDS as readonly FieldDef[]).filter((f) => f.exchange).map((f) => f.exchange?.column);
    expect(COLUMNS.filter((c) => c.field).map((c) => c.name).sort()).toEqual([...exchanged].sort());
    expect(COLUMNS.find((c) => c.name === 'b2m')).toMatchObject({
      kind: 'decimal', form: 'baseline', unit: 'mg/L', label: 'Serum β2-microglobulin at ibrutinib start', requiredColumn: false, missingCodes: ['not_done', 'unknown'],
    });
    expect(COLUMNS.find((c) => c.name === 'tp53')).toMatchObject({ kind: 'code', codes: 'tp53', label: 'TP53 mutation status (sequencing)' });
    expect(COLUMNS.find((c) => c.name === 'ae_grade')).toMatchObject({ kind: 'code', codes: 'aeGrade', requiredColumn: true, path: 'discontinuation.adverseEvent.grade' });
  });
});

describe('the record schema, from the exchange paths', () => {
  it('nests by path, with the import limits and wording of each field', () => {
    const p = exchangePatientSchema.parse({ ...PATIENT, b2m: 3.25, tp53: 'mutated', discontinuation: { date: '2019-01-05', reason: 'adverse_event',
      adverseEvent: { term: 'Diarrhea', soc: 'Gastrointestinal disorders', grade: 3 } } });
    expect(p).toMatchObject({ status: 'active', b2m: 3.25, tp53: 'mutated', binetStage: null, subsequentTherapies: [],
      discontinuation: { reasonOther: null, adverseEvent: { term: 'Diarrhea', grade: 3, etiology: null, onsetDate: null } } });
    expect(p).not.toHaveProperty('missing');
    const issues = (x: unknown) => (exchangePatientSchema.safeParse(x).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ ...PATIENT, b2m: 250, tp53: 'yes', ecog: 7 })).toEqual([
      'ecog: must be at most 4 (ECOG)', 'tp53: must be one of: mutated, unmutated, not_tested (TP53 mutation status)', 'b2m: must be at most 100 (β2-microglobulin in mg/L)',
    ]);
    expect(issues({ ...PATIENT, b2m: 3.256 })).toEqual(['b2m: has more than 2 decimal places (β2-microglobulin in mg/L)']);
    expect(issues({ ...PATIENT, discontinuation: { date: '2019-01-05', reason: 'adverse_event', adverseEvent: { term: 'Diarrhea', grade: 9 } } })).toEqual([
      'discontinuation.adverseEvent.soc: is required', 'discontinuation.adverseEvent.grade: must be from 1 to 5',
    ]);
    expect(issues({ ...PATIENT, birthYear: 1850 })).toEqual(['birthYear: must be at least 1900 (year of birth)']);
  });
});

describe('missing-data codes in files', () => {
  const coded = { ...PATIENT, b2m: '[not_done]', ighv: '[unknown]', bestResponse: 'PR', response_assessedDate: '[unknown]', priorAntiCd20: '[unknown]' };

  it('CSV: "[code]" cells read into `missing`, write back the same, and count as answered', () => {
    const first = parseImport('coded.csv', csv([coded]));
    expect(first.problems).toEqual([]);
    const p = first.patients[0]?.patient;
    if (!p) throw new Error('not parsed');
    expect(p).toMatchObject({ b2m: null, ighv: null, responseAssessedDate: null, priorAntiCd20: null });
    // In dictionary order, as the export writes it.
    expect(Object.entries(p.missing ?? {})).toEqual([['ighv', 'unknown'], ['b2m', 'not_done'], ['priorAntiCd20', 'unknown'], ['response_assessedDate', 'unknown']]);
    // The response form is complete: its date is answered by "unknown".
    expect(formParts(p).response).toMatchObject({ status: 'complete', values: { assessedDate: null, assessedDateMissing: 'unknown' } });
    expect(formParts(p).baseline?.values).toMatchObject({ b2m: null, b2mMissing: 'not_done', ighvMissing: 'unknown', tp53: null });
    const text = exported([p]);
    const cells = text.split('\n')[1] ?? '';
    expect(cells).toContain('"[not_done]"');
    const again = parseImport('again.csv', text);
    expect(again.problems).toEqual([]);
    expect(again.patients[0]?.patient).toEqual(p);
    // An empty cell stays an empty cell: no missing code.
    expect(parseImport('plain.csv', csv([PATIENT])).patients[0]?.patient).not.toHaveProperty('missing');
  });

  it('CSV: a code the column does not allow, or a code in a column without codes, is refused by name', () => {
    const r = parseImport('bad.csv', csv([{ ...PATIENT, ighv: '[not_done]' }, { ...PATIENT, id: 'PL-01-302', tp53: '[unknown]' }]));
    expect(r.problems.map((x) => `${x.row} ${x.column}: ${x.message}`)).toEqual([
      '1 ighv: is "[not_done]", a missing-data code this column does not allow (allowed: [unknown])',
      '2 tp53: must be one of: mutated, unmutated, not_tested (TP53 mutation status)',
    ]);
  });

  it('JSON: the value is null and `missing` names the column; export → import is the identity; a value and a code is refused', () => {
    const first = parseImport('coded.csv', csv([coded])).patients.map((x) => x.patient);
    const json = JSON.stringify({ patients: first });
    expect(json).toContain('"missing":{"ighv":"unknown","b2m":"not_done","priorAntiCd20":"unknown","response_assessedDate":"unknown"}');
    const back = parseImport('coded.json', json);
    expect(back.problems).toEqual([]);
    expect(back.patients.map((x) => x.patient)).toEqual(first);
    const both = parseImport('both.json', JSON.stringify({ patients: [{ ...PATIENT, b2m: 3.1, missing: { b2m: 'unknown', ighv: 'not_applicable' } }] }));
    // JSON problems name the record's paths.
    expect(both.problems.map((x) => `${x.column}: ${x.message}`)).toEqual([
      'missing.ighv: is "[not_applicable]", a missing-data code this column does not allow (allowed: [unknown])',
      'missing.b2m: gives both a value and the missing-data code [unknown]: give one of them',
    ]);
    const valueAndCode = parseImport('both.json', JSON.stringify({ patients: [{ ...PATIENT, b2m: 3.1, missing: { b2m: 'unknown' } }] }));
    expect(valueAndCode.problems.map((x) => `${x.column}: ${x.message}`)).toEqual(['missing.b2m: gives both a value and the missing-data code [unknown]: give one of them']);
  });

  it('the dictionary file lists each column\'s missing-data codes', () => {
    const dict = dataDictionaryCsv();
    expect(dict.split('\n')[0]).toBe('"column","form","type","unit","required_column","cell","codes","description","notes","missing_codes"');
    expect(dict).toMatch(/^"b2m","baseline","decimal","mg\/L",FALSE,.*,"not_done=Not done \| unknown=Unknown"$/m);
    expect(dict).toMatch(/^"tp53",.*,$/m);
  });

  it('ODM: new items from the dictionary, a missing code as a companion item, valid ODM 1.3.2', () => {
    const baseline = ODM_FORMS.flatMap((f) => f.groups).find((g) => g.oid === 'IG.BASELINE')?.items.map((i) => i.oid) ?? [];
    expect(baseline).toEqual(expect.arrayContaining(['I.TP53', 'I.B2M', 'I.B2M_MISSING', 'I.IGHV_MISSING']));
    expect(baseline.indexOf('I.B2M_MISSING')).toBe(baseline.indexOf('I.B2M') + 1);
    const therapy = ODM_FORMS.flatMap((f) => f.groups).find((g) => g.oid === 'IG.THERAPY')?.items.map((i) => `${i.oid} ${i.name}`);
    expect(therapy).toEqual(['I.THERAPY_REGIMEN therapy_regimen', 'I.THERAPY_STARTDATE therapy_startDate', 'I.THERAPY_RESPONSE therapy_response']);
    const patients = parseImport('coded.csv', csv([{ ...coded, b2m: 4.2, tp53: 'unmutated' }])).patients.map((x) => x.patient);
    const xml = odmXml({ fileOid: 'F.M', creationDateTime: '2026-01-02T03:04:05.000Z', patients, centres: [{ code: 'PL-01', name: 'one' }], users: [], audit: [] });
    expect(validateOdm(xml)).toEqual([]);
    expect(xml).toContain('<ItemData ItemOID="I.B2M" Value="4.2"/>');
    expect(xml).toContain('<ItemData ItemOID="I.TP53" Value="unmutated"/>');
    expect(xml).toContain('<ItemData ItemOID="I.IGHV_MISSING" Value="unknown"/>');
    expect(xml).toContain('<ItemData ItemOID="I.RESPONSE_ASSESSEDDATE_MISSING" Value="unknown"/>');
    expect(xml.slice(xml.indexOf('<ClinicalData'))).not.toContain('ItemOID="I.IGHV" ');
  });

  const hasR = (() => { try { execFileSync('Rscript', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } })();
  it.skipIf(!hasR)('R: the script reads the codes into <col>.missing and leaves the values NA', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cll-r-'));
    const patients = parseImport('coded.csv', csv([coded, { ...PATIENT, id: 'PL-01-303', b2m: 5.5, ighv: 'mutated', priorAntiCd20: 'TRUE' }])).patients.map((x) => x.patient);
    fs.writeFileSync(path.join(dir, 'cohort.csv'), exported(patients));
    fs.writeFileSync(path.join(dir, 'read.R'), `${rScript('cohort.csv')}
cat(as.character(data$b2m.missing), data$b2m, as.character(data$ighv.missing), data$ighv, data$priorAntiCd20, class(data$b2m), class(data$response_assessedDate), sep = "|")
`);
    const out = execFileSync('Rscript', ['read.R'], { cwd: dir, encoding: 'utf8' });
    expect(out).toBe('Not done|NA|NA|5.5|Unknown|NA|NA|mutated|NA|TRUE|numeric|Date');
  });
});

// ---- The record type, computed from the dictionary (checked by tsc) -------------------------------------------------
type Eq<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Expect<T extends true> = T;
type D = NonNullable<ExchangePatient['discontinuation']>;
export type RecordTypeChecks = [
  Expect<Eq<ExchangePatient['sex'], 'male' | 'female'>>,
  Expect<Eq<ExchangePatient['birthYear'], number>>,
  Expect<Eq<ExchangePatient['status'], 'active' | 'withdrawn' | 'entered_in_error'>>,
  Expect<Eq<ExchangePatient['ibrutinibStart'], string | null>>,
  Expect<Eq<ExchangePatient['b2m'], number | null>>,
  Expect<Eq<ExchangePatient['tp53'], 'mutated' | 'unmutated' | 'not_tested' | null>>,
  Expect<Eq<ExchangePatient['inclusionCriteria'], ('a' | 'b' | 'c' | 'd' | 'e' | 'f')[] | null>>,
  Expect<Eq<D['date'], string>>,
  Expect<Eq<D['reason'], 'adverse_event' | 'progression' | 'patient_decision' | 'lost_to_follow_up' | 'other'>>,
  Expect<Eq<D['progressionType'], 'CLL' | 'RT' | null>>,
  Expect<Eq<ExchangeAdverseEvent['term'], string>>,
  Expect<Eq<ExchangeAdverseEvent['soc'], string>>,
  Expect<Eq<ExchangeAdverseEvent['grade'], number>>,
  Expect<Eq<ExchangeAdverseEvent['onsetDate'], string | null>>,
];
