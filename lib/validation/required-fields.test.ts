import { describe, expect, it } from 'vitest';
import { fieldLabel, missingRequiredFields } from './required-fields';

describe('required fields of a stored form', () => {
  it('lists the empty always-required fields in form order', () => {
    expect(missingRequiredFields('response', { bestResponse: 'PR', assessedDate: null })).toEqual(['assessedDate']);
    expect(missingRequiredFields('baseline', { ibrutinibStart: '2018-01-01', ecog: 0, raiStage: 'I', del17p: 'absent', priorLines: 1 })).toEqual([]);
    expect(missingRequiredFields('baseline', { ibrutinibStart: null, ecog: 0 })).toEqual(['ibrutinibStart', 'raiStage', 'del17p', 'priorLines']);
    expect(missingRequiredFields('therapies', {})).toEqual([]);
  });

  it('adds what the answers require: adverse-event details, other reason, date and cause of death', () => {
    expect(missingRequiredFields('discontinuation', { lastDoseDate: '2019-01-01', reason: 'adverse_event', aeTerm: 'Lung infection', aeGrade: 3 }))
      .toEqual(['aeOnsetDate']);
    expect(missingRequiredFields('discontinuation', { lastDoseDate: '2019-01-01', reason: 'other', reasonOther: '' })).toEqual(['reasonOther']);
    expect(missingRequiredFields('discontinuation', { lastDoseDate: '2019-01-01', reason: 'progression' })).toEqual([]);
    expect(missingRequiredFields('follow-up', { vitalStatus: 'dead', lastContactDate: '2019-01-01', deathCause: 'other' }))
      .toEqual(['deathDate', 'deathCauseOther']);
    expect(missingRequiredFields('follow-up', { vitalStatus: 'alive', lastContactDate: '2019-01-01' })).toEqual([]);
  });

  it('names fields by their form labels', () => {
    expect(fieldLabel('response', 'assessedDate')).toBe('Date assessed');
    expect(fieldLabel('response', 'unknown')).toBe('unknown');
  });
});
