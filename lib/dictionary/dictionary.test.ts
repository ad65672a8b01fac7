/**
 * The dictionary's own consistency: names, columns and OIDs unique; conditions that name fields of the
 * same form and codes of their lists; missing-data codes only where a value can be missing; every
 * field and code with its texts. And the schemas derived from it: required fields, messages, missing codes.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CODE_LIST_DEFS, FIELDS, codeLabel, codeListText, dictionaryText, fieldByName, fieldLabel, fieldOfForm, isAnswered, missingRequired, requiredForCompletion,
  type CodeListKey, type FieldDef,
} from './index';
import { dictionaryRules, formShape } from './zod';

const all = FIELDS as readonly FieldDef[];
const dupes = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);

describe('data dictionary', () => {
  it('has unique names, exchange columns, exchange paths and ODM OIDs', () => {
    expect(dupes(all.map((f) => f.name))).toEqual([]);
    expect(dupes(all.flatMap((f) => (f.exchange ? [f.exchange.column] : [])))).toEqual([]);
    expect(dupes(all.flatMap((f) => (f.exchange ? [f.exchange.path] : [])))).toEqual([]);
    expect(dupes(all.flatMap((f) => (f.odm ? [f.odm.oid] : [])))).toEqual([]);
    expect(dupes(all.flatMap((f) => (f.column ? [`${f.form}.${f.column}`] : [])))).toEqual([]);
  });

  it('conditions name (by value key) a coded or yes/no field of the same form and codes of its list', () => {
    for (const f of all) {
      for (const c of [f.requiredWhen, f.onlyWhen]) {
        if (!c) continue;
        const target = fieldOfForm(f.form, c.field);
        expect(target?.form, `${f.name} depends on ${c.field}`).toBe(f.form);
        const codes: readonly string[] = target?.type === 'boolean' ? ['true', 'false']
          : target?.codeList ? CODE_LIST_DEFS[target.codeList].codes : [];
        for (const v of c.in) expect(codes, `${f.name}: ${c.field} has no code ${v}`).toContain(v);
      }
    }
  });

  it('never shows a raw snake_case code as a short label (every such code has a short text)', () => {
    for (const [key, list] of Object.entries(CODE_LIST_DEFS) as [CodeListKey, (typeof CODE_LIST_DEFS)[CodeListKey]][]) {
      for (const code of list.codes.filter((c) => c.includes('_'))) {
        expect(codeLabel(key, code, 'short'), `${key}.${code}`).not.toBe(code);
      }
    }
  });

  it('gives code lists to coded fields, and missing-data codes only to fields that are not free text', () => {
    for (const f of all) {
      if (f.type === 'code' || f.type === 'codes') expect(f.codeList, f.name).toBeDefined();
      if (f.missingCodes) expect(['text', 'codes'], f.name).not.toContain(f.type);
    }
  });

  it('has a label for every field and every code', () => {
    const t = dictionaryText();
    for (const f of all) expect(t.fields[f.name as keyof typeof t.fields]?.label, f.name).toMatch(/\S/);
    for (const [key, list] of Object.entries(CODE_LIST_DEFS)) {
      for (const code of list.codes) expect(codeListText(key as keyof typeof CODE_LIST_DEFS).labels[code], `${key}.${code}`).toMatch(/\S/);
    }
    expect(fieldLabel('b2m')).toBe('β2-microglobulin');
    expect(fieldLabel('not_a_field')).toBe('not_a_field');
  });
});

describe('required-ness', () => {
  it('asks for always-required fields and for fields another answer requires', () => {
    expect(missingRequired('discontinuation', { lastDoseDate: '2020-01-01', reason: 'patient_decision' })).toEqual([]);
    expect(missingRequired('discontinuation', { lastDoseDate: '2020-01-01', reason: 'adverse_event' }))
      .toEqual(['aeTerm', 'aeGrade', 'aeOnsetDate']);
    expect(missingRequired('follow-up', { vitalStatus: 'dead', lastContactDate: '2020-01-01', deathCause: 'other' }))
      .toEqual(['deathDate', 'deathCauseOther']);
    // On-entry fields (IGHV, prior treatments) are not required of stored records.
    expect(requiredForCompletion('baseline', {}).map((f) => f.name)).toEqual(['ibrutinibStart', 'ecog', 'raiStage', 'del17p', 'priorLines']);
  });

  it('counts a missing-data code as an answer', () => {
    const assessed = fieldByName('assessedDate') as FieldDef;
    expect(isAnswered(assessed, { assessedDate: null })).toBe(false);
    expect(isAnswered(assessed, { assessedDate: null, assessedDateMissing: 'unknown' })).toBe(true);
    expect(missingRequired('response', { bestResponse: 'PR', assessedDateMissing: 'unknown' })).toEqual([]);
    expect(missingRequired('response', { bestResponse: 'PR' })).toEqual(['assessedDate']);
  });
});

describe('schemas derived from the dictionary', () => {
  const baseline = z.strictObject(formShape('baseline')).superRefine(dictionaryRules('baseline'));
  const valid = {
    ibrutinibStart: '2019-03-01', ecog: 1, raiStage: 'II', binetStage: null, del17p: 'absent', ighv: 'unmutated', tp53: null, b2m: 4.2,
    priorLines: 2, priorPurineAnalogue: true, priorAntiCd20: false, inclusionCriteria: ['a'],
  };
  const errorsOf = (v: object) => {
    const r = baseline.safeParse(v);
    // The first message per field, as the form shows it.
    return r.success ? {} : Object.fromEntries(r.error.issues.reverse().map((i) => [i.path.join('.'), i.message]));
  };

  it('accepts a complete baseline and keeps the messages of the form', () => {
    expect(errorsOf(valid)).toEqual({});
    expect(errorsOf({ ...valid, ecog: 7 })).toEqual({ ecog: 'ECOG is 0 to 4.' });
    expect(errorsOf({ ...valid, priorLines: 0 })).toEqual({ priorLines: 'Patients in the programme had at least 1 prior line.' });
    expect(errorsOf({ ...valid, ibrutinibStart: '' })).toEqual({ ibrutinibStart: 'Enter the date of ibrutinib start.' });
    expect(errorsOf({ ...valid, raiStage: undefined })).toEqual({ raiStage: 'Choose the Rai stage.' });
  });

  it('checks β2-microglobulin limits and decimals', () => {
    expect(errorsOf({ ...valid, b2m: 250 })).toEqual({ b2m: 'More than 100 mg/L is not plausible: check the unit (mg/L).' });
    expect(errorsOf({ ...valid, b2m: 3.456 })).toEqual({ b2m: 'Use at most 2 decimal places.' });
    expect(errorsOf({ ...valid, b2m: null })).toEqual({});
  });

  it('takes a missing-data code instead of a required value, never both, and only a code the field allows', () => {
    expect(errorsOf({ ...valid, ighv: null, ighvMissing: 'unknown' })).toEqual({});
    expect(errorsOf({ ...valid, ighv: null })).toEqual({ ighv: 'Choose the IGHV status.' });
    expect(errorsOf({ ...valid, ighvMissing: 'unknown' })).toEqual({ ighv: 'Give either a value or the reason it is missing, not both.' });
    expect(Object.keys(errorsOf({ ...valid, ighv: null, ighvMissing: 'not_done' }))).toEqual(['ighvMissing']);
    expect(errorsOf({ ...valid, b2m: null, b2mMissing: 'not_done' })).toEqual({});
  });
});

describe('optional and missing-coded dates', () => {
  const response = z.strictObject(formShape('response')).superRefine(dictionaryRules('response'));
  it('refuse a date before 1900 like required dates do', () => {
    const r = response.safeParse({ bestResponse: 'PR', assessedDate: '1899-12-31' });
    expect(r.success ? [] : r.error.issues.map((i) => i.message)).toContain('The date of assessment is too far in the past.');
    expect(response.safeParse({ bestResponse: 'PR', assessedDate: null, assessedDateMissing: 'unknown' }).success).toBe(true);
  });
});
