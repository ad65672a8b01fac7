import { describe, expect, it } from 'vitest';
import { decodeState, describeStateChange, encodeState, type RecordState } from './record-state';

const state: RecordState = {
  version: 3,
  forms: { baseline: { version: 2, status: 'verified' }, response: null, discontinuation: { version: 1, status: 'draft' }, therapies: null, followUp: { version: 4, status: 'locked' } },
};

describe('record state (what an import preview saw of a patient)', () => {
  it('encodes compactly and decodes to the same state; a patient not registered is ""', () => {
    expect(encodeState(state)).toBe('3|2v|-|1d|-|4l');
    expect(decodeState(encodeState(state))).toEqual(state);
    expect(encodeState(null)).toBe('');
    expect(decodeState('')).toBeNull();
  });

  it('says what moved, form by form', () => {
    const signed = encodeState({ ...state, forms: { ...state.forms, baseline: { version: 3, status: 'locked' } } });
    expect(describeStateChange(encodeState(state), signed)).toBe('the baseline form: version 2, verified → version 3, locked');
    const started = encodeState({ ...state, version: 4, forms: { ...state.forms, response: { version: 1, status: 'draft' } } });
    expect(describeStateChange(encodeState(state), started)).toBe('the patient record: version 3 → 4; the response form: none → version 1, draft');
    expect(describeStateChange('', encodeState(state))).toBe('the patient was registered');
  });
});
