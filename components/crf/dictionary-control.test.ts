import { describe, expect, it } from 'vitest';
import { fieldByName, type FieldDef } from '@/lib/dictionary';
import { fieldControl, isAsked } from './dictionary-control';

const field = (name: string) => fieldByName(name) as FieldDef;

describe('the CRF control of a dictionary field', () => {
  it('a date input for a date, a number input with the entry limits, decimals for a decimal', () => {
    expect(fieldControl(field('ibrutinibStart'))).toMatchObject({ key: 'ibrutinibStart', label: 'Ibrutinib start date', spec: { kind: 'date' }, missing: null });
    expect(fieldControl(field('priorLines')).spec).toEqual({ kind: 'number', min: 1, max: 20, step: '1', inputMode: 'numeric' });
    expect(fieldControl(field('b2m'))).toMatchObject({
      label: 'β2-microglobulin (mg/L, optional)', help: expect.stringContaining('mg/L') as unknown,
      spec: { kind: 'number', min: 0.1, max: 100, step: '0.01', inputMode: 'decimal' },
    });
  });

  it('a select with the catalogue option texts for codes, numeric code lists and yes/no', () => {
    expect(fieldControl(field('bestResponse')).spec).toMatchObject({ kind: 'select', empty: 'Choose…', parseAs: 'string' });
    const response = fieldControl(field('bestResponse')).spec;
    expect(response.kind === 'select' ? response.options[0] : null).toEqual({ value: 'CR', label: 'CR — complete remission' });
    const ecog = fieldControl(field('ecog')).spec;
    expect(ecog).toMatchObject({ kind: 'select', parseAs: 'number' });
    expect(ecog.kind === 'select' ? ecog.options.map((o) => o.label) : []).toEqual(['0', '1', '2', '3', '4']);
    expect(fieldControl(field('del17p')).spec).toMatchObject({ options: [{ value: 'present', label: 'present' }, { value: 'absent', label: 'absent' }, { value: 'not_tested', label: 'not tested' }] });
    expect(fieldControl(field('binetStage')).spec).toMatchObject({ empty: 'Not staged' });
    expect(fieldControl(field('priorAntiCd20')).spec).toEqual({
      kind: 'select', empty: 'Choose…', parseAs: 'boolean', options: [{ value: 'true', label: 'yes' }, { value: 'false', label: 'no' }],
    });
    // Optional yes/no: the empty choice says it is not known.
    expect(fieldControl(field('cnsInvolvement')).spec).toMatchObject({ empty: 'Not known' });
  });

  it('a text area or box with its length, checkboxes for several codes', () => {
    expect(fieldControl(field('reasonOther')).spec).toMatchObject({ kind: 'text', multiline: true, max: 500, rows: 3 });
    expect(fieldControl(field('aeVerbatim')).spec).toEqual({ kind: 'text', multiline: false, max: 200, rows: 1, threshold: 0.75, placeholder: 'e.g. pneumonia' });
    const inclusion = fieldControl(field('inclusionCriteria'));
    expect(inclusion.label).toBe('Programme inclusion criteria met (a–f of the programme protocol)');
    expect(inclusion.spec.kind === 'checkboxes' ? inclusion.spec.options[0] : null).toEqual({ value: 'a', label: 'a) Deletion of the short arm of chromosome 17 (17p deletion)' });
  });

  it('offers the field\'s own missing-data codes as "If not available, why"', () => {
    expect(fieldControl(field('b2m')).missing).toEqual({
      key: 'b2mMissing', label: 'If not available, why', none: '—',
      options: [{ value: 'not_done', label: 'Not done' }, { value: 'unknown', label: 'Unknown' }],
    });
    expect(fieldControl(field('assessedDate')).missing?.options).toEqual([{ value: 'unknown', label: 'Unknown' }]);
    expect(fieldControl(field('ecog')).missing).toBeNull();
  });

  it('asks a conditional field while its answer holds', () => {
    expect(isAsked(field('deathDate'), { vitalStatus: 'dead' })).toBe(true);
    expect(isAsked(field('deathDate'), { vitalStatus: 'alive' })).toBe(false);
    expect(isAsked(field('reasonOther'), { reason: 'other' })).toBe(true);
    expect(isAsked(field('reasonOther'), { reason: 'progression' })).toBe(false);
    expect(isAsked(field('lastDoseDate'), {})).toBe(true);
  });
});
