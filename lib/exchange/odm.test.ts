import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { odmXml, type OdmAuditEntry } from './export-odm';
import { parseXml, validateOdm } from './odm-structure';
import { emptyRecords } from './long-format';
import { parseImport } from './parse-import';

const demo = parseImport('cohort.csv', fs.readFileSync(path.join(process.cwd(), 'test/fixtures/exchange/demo-cohort.csv'), 'utf8'));
const patients = demo.patients.map((p) => p.patient).slice(0, 12);
const centres = [{ code: 'PL-01', name: 'Centre <one> & "co"' }];
const audit: OdmAuditEntry[] = [
  { patientCode: 'PL-01-005', table: 'baseline_forms', field: 'ecog', position: null, action: 'insert', value: '1', at: '2024-01-02T03:04:05.123Z', userOid: 'USR.1', centreCode: 'PL-01', reason: 'import: a.csv' },
  { patientCode: 'PL-01-005', table: 'baseline_forms', field: 'ecog', position: null, action: 'update', value: '0', at: '2024-02-02T03:04:05.123Z', userOid: 'USR.1', centreCode: 'PL-01', reason: 'typo' },
  { patientCode: 'PL-01-005', table: 'subsequent_therapies', field: 'regimen', position: 2, action: 'insert', value: 'allogeneic SCT', at: '2024-01-02T03:04:05.123Z', userOid: 'USR.1', centreCode: 'PL-01', reason: null },
  { patientCode: 'PL-01-005', table: 'follow_up_forms', field: 'death_date', position: null, action: 'update', value: null, at: '2024-03-02T03:04:05.123Z', userOid: 'USR.1', centreCode: 'PL-01', reason: 'entered in error' },
];
const xml = odmXml({ fileOid: 'F.1', creationDateTime: '2026-01-02T03:04:05.000Z', patients, centres, users: [{ oid: 'USR.1', label: 'a@x.org' }], audit });

describe('ODM export', () => {
  it('is structurally valid ODM 1.3.2', () => {
    expect(validateOdm(xml)).toEqual([]);
  });

  it('has the study definition: one event, five CRFs and five course records, item groups, items with data types, code lists', () => {
    const root = parseXml(xml);
    const mdv = root.children.find((c) => c.name === 'Study')?.children.find((c) => c.name === 'MetaDataVersion');
    const names = (n: string) => mdv?.children.filter((c) => c.name === n).map((c) => c.attrs.OID) ?? [];
    expect(names('StudyEventDef')).toEqual(['SE.REGISTRY']);
    expect(names('FormDef')).toEqual(['F.BASELINE', 'F.RESPONSE', 'F.DISCONTINUATION', 'F.THERAPIES', 'F.FOLLOWUP',
      'F.VISIT', 'F.AELOG', 'F.DOSE', 'F.INTERRUPTION', 'F.TEST']);
    expect(names('ItemGroupDef')).toContain('IG.THERAPY');
    // The course records are repeating item groups (repeat key = the instance's seq).
    const repeating = mdv?.children.filter((c) => c.name === 'ItemGroupDef' && c.attrs.Repeating === 'Yes').map((c) => c.attrs.OID);
    expect(repeating).toEqual(['IG.THERAPY', 'IG.VISIT', 'IG.AELOG', 'IG.DOSE', 'IG.INTERRUPTION', 'IG.TEST']);
    const ecog = mdv?.children.find((c) => c.attrs.OID === 'I.ECOG');
    expect(ecog?.attrs.DataType).toBe('integer');
    expect(names('CodeList')).toContain('CL.RAISTAGE.TEXT');
  });

  it('writes the audit trail as AuditRecords, in order, with nulls as IsNull', () => {
    expect(xml).toContain('<ItemData ItemOID="I.ECOG" TransactionType="Insert" Value="1"><AuditRecord><UserRef UserOID="USR.1"/><LocationRef LocationOID="LOC.PL-01"/><DateTimeStamp>2024-01-02T03:04:05.123Z</DateTimeStamp><ReasonForChange>import: a.csv</ReasonForChange></AuditRecord></ItemData><ItemData ItemOID="I.ECOG" TransactionType="Update" Value="0">');
    expect(xml).toContain('<ItemData ItemOID="I.DEATHDATE" TransactionType="Update" IsNull="Yes">');
    expect(xml).toMatch(/<ItemGroupData ItemGroupOID="IG.THERAPY" ItemGroupRepeatKey="2" TransactionType="Upsert"><ItemData ItemOID="I.THERAPY_REGIMEN" TransactionType="Insert" Value="allogeneic SCT">/);
    expect(xml).toContain('Name="PL-01 Centre &lt;one&gt; &amp; &quot;co&quot;"');
  });

  it('a patient with forms not started has no FormData for them, and stays valid ODM', () => {
    const partial = parseImport('partial.json', JSON.stringify({ patients: [
      { id: 'PL-01-201', centre: 'PL-01', sex: 'male', birthYear: 1950 },
      { id: 'PL-01-202', centre: 'PL-01', sex: 'male', birthYear: 1950, ecog: 2, vitalStatus: 'alive' },
    ] }));
    expect(partial.problems).toEqual([]);
    const doc = odmXml({ fileOid: 'F.2', creationDateTime: '2026-01-02T03:04:05.000Z', patients: partial.patients.map((p) => p.patient), centres, users: [], audit: [] });
    expect(validateOdm(doc)).toEqual([]);
    const subject = (key: string) => doc.slice(doc.indexOf(`SubjectKey="${key}"`), doc.indexOf('</SubjectData>', doc.indexOf(`SubjectKey="${key}"`)));
    const forms = (key: string) => [...subject(key).matchAll(/<FormData FormOID="([^"]+)"/g)].map((m) => m[1]);
    expect(forms('PL-01-201')).toEqual(['F.BASELINE']);
    expect(subject('PL-01-201')).not.toContain('IG.BASELINE');
    expect(forms('PL-01-202')).toEqual(['F.BASELINE', 'F.FOLLOWUP']);
    expect(subject('PL-01-202')).toContain('<ItemGroupData ItemGroupOID="IG.BASELINE" TransactionType="Upsert"><ItemData ItemOID="I.ECOG" Value="2"/></ItemGroupData>');
    expect(subject('PL-01-202')).not.toMatch(/Value=""/);
  });

  it('the validator catches broken documents', () => {
    expect(validateOdm('<ODM>')[0]).toMatch(/not well-formed/);
    expect(validateOdm(xml.replace('<FormRef FormOID="F.RESPONSE"', '<FormRef FormOID="F.NOPE"'))).toContainEqual(expect.stringContaining('FormOID="F.NOPE" does not name a FormDef'));
    expect(validateOdm(xml.replace('Value="PR-L"', 'Value="XX"'))).toContainEqual(expect.stringContaining('is not in code list'));
    expect(validateOdm(xml.replace(/<DateTimeStamp>[^<]+/, '<DateTimeStamp>yesterday'))).toContainEqual(expect.stringContaining('not an ISO 8601'));
    const reordered = xml.replace('<UserRef UserOID="USR.1"/><LocationRef LocationOID="LOC.PL-01"/>', '<LocationRef LocationOID="LOC.PL-01"/><UserRef UserOID="USR.1"/>');
    expect(validateOdm(reordered).join('\n')).toMatch(/AuditRecord.*not allowed here|missing <UserRef>/);
    expect(validateOdm(xml.replace(' ItemGroupRepeatKey="2"', ''))).toContainEqual(expect.stringContaining('without ItemGroupRepeatKey'));
  });

  it('writes the course as repeating item groups keyed by seq, with its audit trail, entered-in-error instances as Remove', () => {
    const records = emptyRecords();
    records.visit.push(
      { seq: 1, status: 'complete', enteredInError: false, values: { visitDate: '2015-01-05', ecog: 1, response: 'PR', progression: false, progressionType: null, ibrutinibStatus: 'full_dose', vitalStatus: 'alive' }, missing: {} },
      { seq: 2, status: 'draft', enteredInError: true, values: { visitDate: '2015-03-05', ecog: null, response: null, progression: false, progressionType: null, ibrutinibStatus: 'full_dose', vitalStatus: 'alive' }, missing: {} },
    );
    records['adverse-event'].push({ seq: 1, status: 'complete', enteredInError: false, values: { term: 'Anemia', grade: 3, action: 'none', onsetDate: null }, missing: { onsetDate: 'unknown' } });
    const visitAudit: OdmAuditEntry = { patientCode: 'PL-01-005', table: 'visits', field: 'ecog', position: 1, action: 'update', value: '1', at: '2024-05-02T03:04:05.123Z', userOid: 'USR.1', centreCode: 'PL-01', reason: 'letter' };
    const doc = odmXml({ fileOid: 'F.3', creationDateTime: '2026-01-02T03:04:05.000Z', patients: patients.slice(4, 5), centres,
      users: [{ oid: 'USR.1', label: 'a@x.org' }], audit: [visitAudit], courses: new Map([['PL-01-005', records]]) });
    expect(validateOdm(doc)).toEqual([]);
    expect(doc).toContain('<FormData FormOID="F.VISIT" TransactionType="Upsert">\n<ItemGroupData ItemGroupOID="IG.VISIT" ItemGroupRepeatKey="1" TransactionType="Upsert"><ItemData ItemOID="I.VISIT_DATE" Value="2015-01-05"/><ItemData ItemOID="I.VISIT_ECOG" TransactionType="Update" Value="1"><AuditRecord>');
    expect(doc).toContain('<ItemGroupData ItemGroupOID="IG.VISIT" ItemGroupRepeatKey="2" TransactionType="Remove">');
    expect(doc).toContain('<ItemGroupData ItemGroupOID="IG.AELOG" ItemGroupRepeatKey="1" TransactionType="Upsert"><ItemData ItemOID="I.AELOG_TERM" Value="Anemia"/>');
    expect(doc).toContain('<ItemData ItemOID="I.AELOG_ONSETDATE_MISSING" Value="unknown"/>');
    // A value outside the code list of a course item is caught like any other.
    expect(validateOdm(doc.replace('Value="full_dose"', 'Value="half_dose"'))).toContainEqual(expect.stringContaining('is not in code list'));
  });
});
