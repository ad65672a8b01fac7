import { describe, expect, it } from 'vitest';
import { actionLabel, fieldLabel, isBookkeepingField, isHiddenHistoryRow, tableLabel, valueLabel } from './history-labels';

describe('patient history labels', () => {
  it('uses the CRF field labels instead of column names', () => {
    expect(fieldLabel('baseline_forms', 'ibrutinib_start')).toBe('Ibrutinib start date');
    expect(fieldLabel('discontinuation_forms', 'ae_grade')).toBe('Grade');
    expect(fieldLabel('follow_up_forms', 'death_cause_other')).toBe('Cause of death (other)');
    expect(fieldLabel('baseline_forms', 'signed_by_name')).toBe('Signed by');
    expect(fieldLabel('patients', 'some_new_column')).toBe('Some new column');
    expect(fieldLabel('patients', null)).toBeNull();
    // From the data dictionary: new fields, computed ones and missing-data codes.
    expect(fieldLabel('baseline_forms', 'b2m')).toBe('β2-microglobulin');
    expect(fieldLabel('baseline_forms', 'age_at_start')).toBe('Age at start');
    expect(fieldLabel('discontinuation_forms', 'ae_soc')).toBe('System organ class');
    expect(fieldLabel('response_forms', 'assessed_date_missing')).toBe('Date assessed: if not available, why');
    expect(fieldLabel('subsequent_therapies', 'best_response')).toBe('Best response');
    expect(fieldLabel('response_forms', 'status')).toBe('Status');
  });

  it('names forms and actions in words', () => {
    expect(tableLabel('baseline_forms')).toBe('Baseline');
    expect(tableLabel('follow_up_forms')).toBe('Follow-up / death');
    expect(tableLabel('data_queries')).toBe('Data query');
    expect(actionLabel('update')).toBe('changed');
    expect(actionLabel('form_signed')).toBe('signed');
    expect(actionLabel('access_denied')).toBe('access denied');
  });

  it('hides the ids that only repeat the page or the "Who" column', () => {
    for (const f of ['patient_id', 'signed_by_user_id', 'answered_by']) expect(isBookkeepingField(f)).toBe(true);
    // Audited on every save (issue 11 item 15), repeating "When" and "Who": in /audit, not on the patient page.
    for (const f of ['version', 'updated_at', 'updated_by']) expect(isBookkeepingField(f)).toBe(true);
    for (const f of ['ibrutinib_start', 'status', null]) expect(isBookkeepingField(f)).toBe(false);
  });
});

describe('patient history values and rows (issue 16, defect 7)', () => {
  it('shows values as the form does: yes/no, code labels, missing-data codes', () => {
    expect(valueLabel('subsequent_therapies', 'deleted', 'true')).toBe('Yes');
    expect(valueLabel('baseline_forms', 'prior_purine_analogue', 'false')).toBe('No');
    expect(valueLabel('discontinuation_forms', 'reason', 'adverse_event')).toBe('Adverse event');
    expect(valueLabel('response_forms', 'assessed_date_missing', 'unknown')).toBe('Unknown');
    expect(valueLabel('baseline_forms', 'ecog', '1')).toBe('1');
    expect(valueLabel('discontinuation_forms', 'ae_soc', 'Infections and infestations')).toBe('Infections and infestations');
    expect(valueLabel('baseline_forms', 'ecog', null)).toBeNull();
  });

  it('hides the therapy line form id and a new line "Removed: No"', () => {
    expect(isHiddenHistoryRow({ action: 'insert', field: 'form_id', newValue: '166' })).toBe(true);
    expect(isHiddenHistoryRow({ action: 'insert', field: 'deleted', newValue: 'false' })).toBe(true);
    expect(isHiddenHistoryRow({ action: 'update', field: 'deleted', newValue: 'true' })).toBe(false);
    // A new form's empty multiple choice says nothing; emptying one later is a change and is shown.
    expect(isHiddenHistoryRow({ action: 'insert', field: 'death_contributing_causes', newValue: '[]' })).toBe(true);
    expect(isHiddenHistoryRow({ action: 'update', field: 'death_contributing_causes', newValue: '[]' })).toBe(false);
    expect(valueLabel('follow_up_forms', 'death_contributing_causes', '[]')).toBeNull();
    expect(valueLabel('follow_up_forms', 'death_contributing_causes', '["infection","heart failure"]')).toBe('infection, heart failure');
    expect(isHiddenHistoryRow({ action: 'update', field: 'ae_soc', newValue: 'x' })).toBe(false);
    expect(fieldLabel('discontinuation_forms', 'ae_soc')).not.toBe('Ae soc');
  });
});

describe('patient history of the course (issue 15)', () => {
  it('names the record tables and their fields by the dictionary, values as the form shows them', () => {
    expect(tableLabel('adverse_events')).toBe('Adverse event');
    expect(tableLabel('dose_interruptions')).toBe('Interruption');
    expect(fieldLabel('adverse_events', 'grade')).toBe('CTCAE grade');
    expect(fieldLabel('dose_periods', 'start_date')).toBe('Dose from');
    expect(fieldLabel('visits', 'entered_in_error')).toBe('Entered in error');
    expect(fieldLabel('visits', 'seq')).toBe('Number');
    expect(valueLabel('adverse_events', 'action', 'dose_reduced')).not.toBe('dose_reduced');
    expect(valueLabel('visits', 'progression', 'true')).toBe('Yes');
    expect(valueLabel('visits', 'entered_in_error', 'true')).toBe('Yes');
  });

  it('hides a new record\'s "Entered in error: No", shows the change to yes', () => {
    expect(isHiddenHistoryRow({ action: 'insert', field: 'entered_in_error', newValue: 'false' })).toBe(true);
    expect(isHiddenHistoryRow({ action: 'update', field: 'entered_in_error', newValue: 'true' })).toBe(false);
  });
});
