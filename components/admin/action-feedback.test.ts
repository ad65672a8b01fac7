import { describe, expect, it, vi } from 'vitest';
import { applyActionErrors } from './action-feedback';

describe('applyActionErrors', () => {
  it('puts known field errors next to their fields and the rest in the form message', () => {
    const setError = vi.fn();
    const message = applyActionErrors<{ email: string; password: string }>(
      { ok: false, code: 'invalid', message: 'Please correct the highlighted fields.', fieldErrors: {
        email: ['An account with this email already exists.'],
        password: ['Too short.', 'Too plain.'],
        createdBy: ['Unrecognized key'],
      } },
      ['email', 'password'],
      setError,
    );
    expect(setError).toHaveBeenCalledTimes(2);
    expect(setError).toHaveBeenCalledWith('email', { type: 'server', message: 'An account with this email already exists.' }, { shouldFocus: true });
    expect(setError).toHaveBeenCalledWith('password', { type: 'server', message: 'Too short. Too plain.' }, { shouldFocus: true });
    expect(message).toBe('Please correct the highlighted fields. Unrecognized key');
  });

  it('returns the message alone when there are no field errors', () => {
    const setError = vi.fn();
    expect(applyActionErrors({ ok: false, code: 'conflict', message: 'This is the last active administrator.' }, ['id'], setError))
      .toBe('This is the last active administrator.');
    expect(setError).not.toHaveBeenCalled();
  });
});
