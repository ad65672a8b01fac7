import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { courseZip, readCourseZip } from './course-zip';
import { rCourseSection } from './export-syntax';
import {
  courseJson, emptyRecords, longColumns, longTables, parseCourseJson, parseLongTables, sameInstance, type LongInstance, type PatientCourse,
} from './long-format';
import { ImportFileError } from './parse-import';

const visit = (seq: number, values: Partial<LongInstance['values']> = {}): LongInstance => ({
  seq, status: 'complete', enteredInError: false, missing: {},
  values: { visitDate: '2015-01-05', ecog: 1, response: 'PR', progression: false, progressionType: null, ibrutinibStatus: 'full_dose', vitalStatus: 'alive', ...values },
});

function sample(): PatientCourse[] {
  const a = emptyRecords();
  a.visit.push(visit(1), visit(2, { visitDate: '2015-04-01', progression: true, progressionType: 'RT', response: 'PD', ecog: 2 }));
  a['adverse-event'].push({
    seq: 1, status: 'draft', enteredInError: true, missing: { onsetDate: 'unknown' },
    values: { term: 'Anemia', soc: 'Blood and lymphatic system disorders', verbatim: '=low "Hb", see letter', grade: 3, etiology: null, onsetDate: null,
      ongoing: true, resolutionDate: null, serious: false, relation: 'possible', action: 'none', outcome: null },
  });
  a['dose-period'].push({ seq: 1, status: 'verified', enteredInError: false, missing: {},
    values: { startDate: '2014-07-01', dose: 'other', doseOtherMg: 350, reason: null, reasonOther: null, adverseEventSeq: null } });
  const b = emptyRecords();
  b['molecular-test'].push({ seq: 1, status: 'complete', enteredInError: false, missing: {},
    values: { sampleDate: '2014-06-01', del17p: 'present', tp53: null, ighv: 'unmutated', del11q: null, complexKaryotype: 'not_tested' } });
  return [{ patientId: 'PL-01-001', records: a }, { patientId: 'PL-02-004', records: b }];
}

describe('long format tables', () => {
  it('one table per record kind: patientId, seq, the dictionary fields by value key, status, enteredInError', () => {
    const tables = longTables(sample());
    expect([...tables.keys()]).toEqual(['visits.csv', 'adverse-events.csv', 'dose-periods.csv', 'interruptions.csv', 'tests.csv']);
    expect(longColumns('interruption')).toEqual(['patientId', 'seq', 'startDate', 'endDate', 'reason', 'reasonOther', 'adverseEventSeq', 'status', 'enteredInError']);
    expect(tables.get('adverse-events.csv')?.split('\n')[1]).toBe(
      '"PL-01-001",1,"Anemia","Blood and lymphatic system disorders","\'=low ""Hb"", see letter",3,,"[unknown]",TRUE,,FALSE,"possible","none",,"draft",TRUE');
    expect(tables.get('interruptions.csv')).toBe(`${longColumns('interruption').map((c) => `"${c}"`).join(',')}\n`);
  });

  it('export → import is the identity (CSV tables and JSON), formula text and missing codes included', () => {
    const courses = sample();
    const fromCsv = parseLongTables(longTables(courses));
    const fromJson = parseCourseJson('c.json', JSON.parse(courseJson(courses, '2026-01-01T00:00:00Z')));
    for (const parsed of [fromCsv, fromJson]) {
      expect(parsed.problems).toEqual([]);
      expect(parsed.instances).toHaveLength(5);
      for (const inst of parsed.instances) {
        const src = courses.find((c) => c.patientId === inst.patientId)?.records[inst.kind].find((i) => i.seq === inst.seq);
        expect(src && sameInstance(inst.kind, src, inst), `${inst.kind} ${inst.seq}`).toBe(true);
      }
    }
    // The status follows the values (the onset's missing-data code answers the required onset), not the status column.
    expect(fromCsv.instances.find((i) => i.kind === 'adverse-event')?.status).toBe('complete');
  });

  it('reports every bad cell by file, line and column, and refuses unknown files, columns and duplicate instances', () => {
    const tables = longTables(sample());
    const visits = tables.get('visits.csv') ?? '';
    const bad = new Map([...tables,
      ['visits.csv', `${visits}"PL-01-001",3,"2015-02-30",9,"PR",maybe,,"full_dose","alive",,\n"PL-01-001",1,"2015-01-05",1,"PR",FALSE,"CLL","full_dose","alive",,\n`],
      ['notes.csv', 'x\n'],
      ['tests.csv', '"patientId","seq","sampleDate","colour"\n'],
    ]);
    const r = parseLongTables(bad);
    const where = r.problems.map((p) => `${p.file}:${p.row ?? '-'}:${p.column ?? '-'}`);
    expect(where).toEqual(expect.arrayContaining([
      'notes.csv:-:-', 'tests.csv:1:del17p, tp53, ighv, del11q, complexKaryotype', 'tests.csv:1:colour',
      'visits.csv:4:visitDate', 'visits.csv:4:ecog', 'visits.csv:4:progression', 'visits.csv:5:progressionType',
    ]));
    expect(r.problems.find((p) => p.column === 'progression')?.message).toBe('is "maybe" but must be TRUE or FALSE');
    expect(r.problems.find((p) => p.column === 'ecog')?.message).toBe('is 9 but must be one of: 0, 1, 2, 3, 4');
    const big = longTables(sample()).get('dose-periods.csv')?.replace(',350,', ',900,') ?? '';
    expect(parseLongTables(new Map([['dose-periods.csv', big]])).problems.map((p) => p.message)).toEqual(['is 900 but must be from 1 to 840 mg/day']);
    expect(r.problems.find((p) => p.column === 'progressionType')?.message).toMatch(/must be empty unless progression is TRUE/);
    const dup = parseLongTables(new Map([['visits.csv', `${visits}${visits.split('\n')[1]}\n`]]));
    expect(dup.problems).toEqual([expect.objectContaining({ file: 'visits.csv', row: 4, column: 'seq', message: expect.stringMatching(/already has in this file \(visits.csv line 2\)/) })]);
    expect(parseLongTables(new Map([['README.txt', 'hello']])).problems[0]?.message).toMatch(/none of the long-format tables/);
  });

  it('zips the tables with a README and reads them back; a file that is not a zip is refused', () => {
    const bytes = courseZip(sample(), '2026-01-01T00:00:00Z');
    const files = readCourseZip(bytes);
    expect([...files.keys()].sort()).toEqual(['README.txt', 'adverse-events.csv', 'dose-periods.csv', 'interruptions.csv', 'tests.csv', 'visits.csv']);
    expect(files.get('visits.csv')).toBe(longTables(sample()).get('visits.csv'));
    expect(files.get('README.txt')).toContain('  dose: Daily dose | code | codes 420 = 420 mg/day;');
    expect(courseZip(sample(), '2026-01-01T00:00:00Z')).toEqual(bytes);
    expect(() => readCourseZip(strToU8('"id","centre"\n'))).toThrow(ImportFileError);
    expect(() => readCourseZip(zipSync({ 'visits.csv': new Uint8Array([0xff, 0xfe, 0x00]) }))).toThrow(/not UTF-8 text/);
  });

  const hasR = (() => { try { execFileSync('Rscript', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } })();
  it.skipIf(!hasR)('R: the syntax export reads the long tables into typed data frames with factors from the code lists', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cll-r-course-'));
    for (const [name, text] of longTables(sample())) fs.writeFileSync(path.join(dir, name), text);
    fs.writeFileSync(path.join(dir, 'read.R'), `${rCourseSection().join('\n')}
v <- course$visits; a <- course$adverse_events; t <- course$tests
cat(nrow(v), class(v$visitDate), class(v$ecog), as.character(v$response.factor[2]), v$progression[2], as.character(v$progressionType.factor[2]),
    as.character(a$onsetDate.missing), is.na(a$onsetDate), a$verbatim, a$enteredInError, as.character(a$status), as.character(a$grade.factor),
    course$dose_periods$doseOtherMg, as.character(t$del17p.factor), nrow(course$interruptions), attr(v$visitDate, "label"), sep = "|")
`);
    const out = execFileSync('Rscript', ['read.R'], { cwd: dir, encoding: 'utf8' }).split('|');
    expect(out.slice(0, 15)).toEqual(['2', 'Date', 'integer', 'Progressive disease', 'TRUE', expect.stringMatching(/Richter/), 'Unknown', 'TRUE',
      '=low "Hb", see letter', 'TRUE', 'draft', 'Grade 3 (severe)', '350', expect.stringMatching(/[Pp]resent/), '0']);
    expect(out[15]).toMatch(/date/i);
  });
});
