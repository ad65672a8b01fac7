import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLUMNS } from './codes';
import { csvHeader, csvLine, patientCells } from './csv-format';
import { deriveColumns } from './derived';
import { ImportFileError, MAX_IMPORT_BYTES, parseImport } from './parse-import';

const DEMO_CSV = fs.readFileSync(path.join(process.cwd(), 'test/fixtures/exchange/demo-cohort.csv'), 'utf8');
const DEMO_JSON = fs.readFileSync(path.join(process.cwd(), 'db/seed/demo-cohort.json'), 'utf8');
const demoHeader = DEMO_CSV.split('\n')[0] ?? '';

/** Replaces one cell of one data row (1-based) of the demo CSV. */
function editCell(csv: string, row: number, column: string, value: string): string {
  const lines = csv.split('\n');
  const names = (lines[0] ?? '').split(',').map((s) => s.replace(/"/g, ''));
  const k = names.indexOf(column);
  const cells = (lines[row] ?? '').match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '')) ?? [];
  cells[k] = value;
  lines[row] = cells.slice(0, names.length).join(',');
  return lines.join('\n');
}

describe('parseImport: the demo cohort', () => {
  it('accepts the demo CSV: 165 patients, no problems', () => {
    const r = parseImport('cohort.csv', DEMO_CSV);
    expect(r.problems).toEqual([]);
    expect(r.patients).toHaveLength(165);
    const p5 = r.patients.find((x) => x.patient.id === 'PL-01-005')?.patient;
    expect(p5?.subsequentTherapies).toEqual([
      { regimen: 'ABVD', response: 'PR', startDate: null }, { regimen: 'allogeneic SCT', response: 'CR', startDate: null },
    ]);
    expect(p5?.discontinuation?.progressionType).toBe('RT');
  });

  it('accepts the demo JSON with the same patients as the CSV', () => {
    const j = parseImport('demo-cohort.json', DEMO_JSON);
    const c = parseImport('cohort.csv', DEMO_CSV);
    expect(j.problems).toEqual([]);
    expect(j.patients.map((p) => p.patient)).toEqual(c.patients.map((p) => p.patient));
  });

  it('writes the demo rows back exactly as the demo file has them (first 38 columns)', () => {
    const r = parseImport('cohort.csv', DEMO_CSV);
    const n = 38;
    const lines = r.patients.map((x) => csvLine(patientCells(x.patient, deriveColumns(x.patient, x.centreCity)).slice(0, n)));
    expect(csvHeader(COLUMNS.slice(0, n).map((col) => col.name))).toBe(demoHeader);
    expect([demoHeader, ...lines].join('\n') + '\n').toBe(DEMO_CSV);
  });
});

describe('parseImport: bad files', () => {
  const problemsOf = (csv: string) => parseImport('bad.csv', csv).problems;

  it('reports a missing column by name', () => {
    const csv = DEMO_CSV.replace('"ecog",', '').split('\n').map((l, i) => (i === 0 ? l : l)).join('\n');
    expect(problemsOf(csv)).toContainEqual({ row: null, column: 'ecog', message: 'the required column "ecog" is missing from the header' });
  });

  it('reports a wrong code with row, column and the allowed codes', () => {
    const ps = problemsOf(editCell(DEMO_CSV, 3, 'raiStage', '"V"'));
    expect(ps).toEqual([expect.objectContaining({ row: 3, patientId: 'PL-01-003', column: 'raiStage', message: expect.stringContaining('0, I, II, III, IV') })]);
  });

  it('reports an impossible date', () => {
    const ps = problemsOf(editCell(DEMO_CSV, 2, 'lastContactDate', '"2017-02-30"'));
    expect(ps).toContainEqual(expect.objectContaining({ row: 2, column: 'lastContactDate', message: expect.stringContaining('not a real date') }));
  });

  it('reports a duplicate id', () => {
    const lines = DEMO_CSV.trimEnd().split('\n');
    const ps = problemsOf([...lines, lines[1]].join('\n'));
    expect(ps).toEqual([expect.objectContaining({ row: 166, column: 'id', message: 'the patient id PL-01-001 appears twice in the file (also on row 1)' })]);
  });

  it('refuses formula-injection text and accepts the escaped form', () => {
    const row = 6; // PL-01-006: adverse event
    const ps = problemsOf(editCell(DEMO_CSV, row, 'ae_paperLabel', `"=cmd|' /C calc'!A0"`));
    expect(ps).toEqual([expect.objectContaining({ row, column: 'ae_paperLabel', message: expect.stringContaining('formula') })]);
    const ok = parseImport('ok.csv', editCell(DEMO_CSV, row, 'ae_paperLabel', `"'=cmd|' /C calc'!A0"`));
    expect(ok.problems).toEqual([]);
    expect(ok.patients[row - 1]?.patient.discontinuation?.adverseEvent?.verbatim).toBe("=cmd|' /C calc'!A0");
  });

  it('checks derived columns against the data', () => {
    const ps = problemsOf(editCell(DEMO_CSV, 1, 'treatment_days', '1000'));
    expect(ps).toEqual([expect.objectContaining({ row: 1, column: 'treatment_days', message: expect.stringContaining('the data give 1095') })]);
  });

  it('applies the edit checks (death before discontinuation)', () => {
    const ps = problemsOf(editCell(DEMO_CSV, 6, 'deathDate', '"2015-03-01"'));
    expect(ps.map((p) => `${p.column}: ${p.message}`)).toContain('deathDate: The date of death (2015-03-01) cannot be before the last dose (2015-03-27).');
  });

  it('refuses exactly the dates a CRF save refuses: response before start, therapy before start or last dose (one shared rule set)', () => {
    const doc = JSON.parse(DEMO_JSON) as { patients: Record<string, unknown>[] };
    const p5 = doc.patients[4] as Record<string, unknown>; // PL-01-005: start 2014-10-07, last dose 2016-05-29, two therapies
    expect(p5.id).toBe('PL-01-005');
    p5.responseAssessedDate = '2014-01-01';
    p5.subsequentTherapies = [{ regimen: 'ABVD', response: 'PR', startDate: '2016-01-01' }, { regimen: 'allogeneic SCT', response: 'CR', startDate: '2014-06-01' }];
    const r = parseImport('cohort.json', JSON.stringify(doc));
    const ps = r.problems.map((p) => `${p.column}: ${p.message}`);
    expect(ps).toContain('responseAssessedDate: The response assessment (2014-01-01) cannot be before the ibrutinib start (2014-10-07).');
    expect(ps).toContain('subsequentTherapies.0.startDate: The start of subsequent therapy 1 (2016-01-01) cannot be before the ibrutinib discontinuation (last dose 2016-05-29).');
    expect(ps).toContain('subsequentTherapies.1.startDate: The start of subsequent therapy 2 (2014-06-01) cannot be before the ibrutinib start (2014-10-07).');
    expect(r.patients.map((p) => p.patient.id)).not.toContain('PL-01-005');
    // The CSV names the subsequentTherapies column.
    const csv = problemsOf(editCell(DEMO_CSV, 5, 'subsequentTherapies', '"ABVD (PR) from 2016-01-01; allogeneic SCT (CR)"'));
    expect(csv).toContainEqual(expect.objectContaining({ row: 5, column: 'subsequentTherapies', message: expect.stringContaining('cannot be before the ibrutinib discontinuation') }));
  });

  it('runs the CRF forms\' cross-form rules too (grade 5 needs a matching cause of death)', () => {
    const row = 29; // PL-01-029: grade 5 lung infection, died of infection
    expect(parseImport('ok.csv', DEMO_CSV).patients[row - 1]?.patient.id).toBe('PL-01-029');
    const ps = problemsOf(editCell(DEMO_CSV, row, 'deathCause', '"heart failure"'));
    expect(ps).toContainEqual(expect.objectContaining({ row, column: 'ae_grade', message: expect.stringContaining('Grade 5 needs a death from this adverse event') }));
    // A form shows this conflict on both forms; the import report names it once (issue 11, item 8).
    expect(ps.filter((p) => p.row === row)).toHaveLength(1);
  });

  it('fails fast on oversized and binary files', () => {
    expect(() => parseImport('big.csv', 'x'.repeat(MAX_IMPORT_BYTES + 1))).toThrow(/limit is 32 MB/);
    expect(() => parseImport('bin.csv', 'id,\u0000\u0001garbage')).toThrow(ImportFileError);
    expect(() => parseImport('junk.csv', 'lorem,ipsum\n1,2\n')).toThrow(/header row/);
  });
});
