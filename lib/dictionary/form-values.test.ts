import { getTableColumns } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { baselineForms, discontinuationForms, followUpForms, responseForms } from '@/db/schema';
import { formDefaults, storedValues, summaryItems } from './form-values';
import { missingKey, storedFieldsOf, valueKey, type DictForm } from './index';

const TABLES: [DictForm, PgTable][] = [
  ['baseline', baselineForms], ['response', responseForms], ['discontinuation', discontinuationForms], ['follow-up', followUpForms],
];

describe('stored row ↔ form values', () => {
  it('uses the drizzle property of each stored field (and of its missing-data code) as its value key', () => {
    for (const [form, table] of TABLES) {
      const props = Object.keys(getTableColumns(table));
      for (const f of storedFieldsOf(form)) {
        expect(props, `${form}.${f.name}`).toContain(valueKey(f));
        if (f.missingCodes) expect(props, `${form}.${f.name}`).toContain(missingKey(f));
      }
    }
  });

  it('fills the defaults of a form not started: no choices, nothing else', () => {
    const d = formDefaults('baseline', null);
    expect(d.inclusionCriteria).toEqual([]);
    expect(d.ighv).toBeNull();
    expect(d.b2mMissing).toBeNull();
    expect('ageAtStart' in d).toBe(false); // computed at the save, not typed
  });

  it('reads a stored row into the form, a missing-data code included, and stores it back unchanged', () => {
    const row = {
      id: 7, patientId: 3, status: 'complete', version: 2, ibrutinibStart: '2019-03-01', ageAtStart: 61, ecog: 1, raiStage: 'II',
      binetStage: null, del17p: 'absent', ighv: null, ighvMissing: 'unknown', tp53: 'unmutated', b2m: 3.5, b2mMissing: null,
      priorLines: 2, priorPurineAnalogue: true, priorPurineAnalogueMissing: null, priorAntiCd20: null, priorAntiCd20Missing: 'unknown',
      inclusionCriteria: ['a', 'c'],
    };
    const d = formDefaults('baseline', row);
    expect(d).toMatchObject({ ighv: null, ighvMissing: 'unknown', b2m: 3.5, priorAntiCd20Missing: 'unknown', inclusionCriteria: ['a', 'c'] });
    expect(d).not.toHaveProperty('status');
    const { id: _i, patientId: _p, status: _s, version: _v, ageAtStart: _a, ...data } = row;
    expect(storedValues('baseline', d)).toEqual(data);
  });

  it('stores an absent missing-data code and an absent multiple choice as empty', () => {
    expect(storedValues('response', { bestResponse: 'PR', assessedDate: '2020-01-01' }))
      .toEqual({ bestResponse: 'PR', assessedDate: '2020-01-01', assessedDateMissing: null });
    expect(storedValues('baseline', {}).inclusionCriteria).toEqual([]);
  });

  it('leaves out what the save computes and what is stored inside another field', () => {
    const keys = Object.keys(storedValues('discontinuation', {}));
    expect(keys).not.toContain('aeSoc');
    expect(keys).not.toContain('aeTermSpecify');
    expect(keys).toContain('aeOnsetDateMissing');
    expect(Object.keys(formDefaults('discontinuation', null))).not.toContain('aeTermSpecify');
  });
});

describe('the patient summary of a stored form', () => {
  it('shows codes by their short labels, yes/no, several codes joined and a missing-data code by its label', () => {
    const row = {
      ibrutinibStart: '2019-03-01', ageAtStart: 61, ecog: 1, raiStage: 'II', binetStage: null, del17p: 'not_tested', ighv: null,
      ighvMissing: 'unknown', tp53: null, b2m: 3.5, priorLines: 2, priorPurineAnalogue: true, priorAntiCd20: false, inclusionCriteria: ['a', 'c'],
    };
    const shown = Object.fromEntries(summaryItems('baseline', row).map((i) => [i.label, i.value]));
    expect(shown).toEqual({
      'Ibrutinib start': '2019-03-01', 'Age at start': '61', ECOG: '1', 'Rai stage': 'II', 'Binet stage': '—', 'del(17p)': 'not tested',
      IGHV: 'Unknown', 'TP53 mutation': '—', 'β2-microglobulin': '3.5', 'Prior lines': '2', 'Prior purine analogue': 'yes',
      'Prior anti-CD20': 'no', 'Inclusion criteria': 'a, c',
    });
    expect(summaryItems('discontinuation', { reason: 'lost_to_follow_up', aeGrade: 3 }).filter((i) => i.value !== '—'))
      .toEqual([{ key: 'reason', label: 'Reason', value: 'Lost to follow-up' }, { key: 'aeGrade', label: 'Grade', value: '3' }]);
    expect(summaryItems('response', { bestResponse: 'PR', assessedDate: null, assessedDateMissing: 'unknown' }).map((i) => i.value))
      .toEqual(['PR', 'Unknown']);
  });
});
