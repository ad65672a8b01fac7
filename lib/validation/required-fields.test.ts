import { describe, expect, it } from 'vitest';
import { fieldLabel, missingRequiredFields, REQUIRED_FIELDS } from './required-fields';

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
    // The dictionary's one definition of required: the progression type for a progression, the
    // histology for a Richter transformation (the form always asked for them; stored records now too).
    expect(missingRequiredFields('discontinuation', { lastDoseDate: '2019-01-01', reason: 'progression' })).toEqual(['progressionType']);
    expect(missingRequiredFields('discontinuation', { lastDoseDate: '2019-01-01', reason: 'progression', progressionType: 'CLL' })).toEqual([]);
    expect(missingRequiredFields('discontinuation', { lastDoseDate: '2019-01-01', reason: 'progression', progressionType: 'RT' })).toEqual(['rtHistology']);
    expect(missingRequiredFields('follow-up', { vitalStatus: 'dead', lastContactDate: '2019-01-01', deathCause: 'other' }))
      .toEqual(['deathDate', 'deathCauseOther']);
    expect(missingRequiredFields('follow-up', { vitalStatus: 'alive', lastContactDate: '2019-01-01' })).toEqual([]);
  });

  it('counts a missing-data code as an answer', () => {
    expect(missingRequiredFields('response', { bestResponse: 'PR', assessedDate: null, assessedDateMissing: 'unknown' })).toEqual([]);
    expect(missingRequiredFields('discontinuation', { lastDoseDate: '2019-01-01', reason: 'adverse_event', aeTerm: 'Lung infection', aeGrade: 3, aeOnsetDateMissing: 'unknown' }))
      .toEqual([]);
  });

  it('lists the always-required fields of each form', () => {
    expect(REQUIRED_FIELDS).toEqual({
      baseline: ['ibrutinibStart', 'ecog', 'raiStage', 'del17p', 'priorLines'], response: ['bestResponse', 'assessedDate'],
      discontinuation: ['lastDoseDate', 'reason'], therapies: [], 'follow-up': ['vitalStatus', 'lastContactDate'],
    });
  });

  it('names fields by their form labels', () => {
    expect(fieldLabel('response', 'assessedDate')).toBe('Date assessed');
    expect(fieldLabel('response', 'unknown')).toBe('unknown');
    // Stored, not typed: the derived age and a field's missing-data code.
    expect(fieldLabel('baseline', 'ageAtStart')).toBe('Age at start');
    expect(fieldLabel('response', 'assessedDateMissing')).toBe('Date assessed: if not available, why');
  });
});
