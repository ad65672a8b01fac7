import { describe, expect, it } from 'vitest';
import { fieldLabel } from '@/lib/dictionary';
import { AUDIT_ACTIONS, AUDIT_TABLES } from '@/lib/services/audit/audit-vocabulary';
import { auditActionLabel, auditFieldLabel, auditTableLabel } from './audit-labels';

/** Internal names a person should not have to read: snake_case. */
const internal = /\b[a-z]+(?:_[a-z]+)+\b/;

describe('audit viewer labels', () => {
  it('names every action and table in words', () => {
    for (const a of AUDIT_ACTIONS) expect(auditActionLabel(a), a).not.toMatch(internal);
    for (const t of AUDIT_TABLES) expect(auditTableLabel(t), t).not.toMatch(internal);
    expect(auditActionLabel('login_failed')).toBe('Login failed');
    expect(auditActionLabel('form_signed')).toBe('Form signed');
    expect(auditTableLabel('response_forms')).toBe('Response');
    expect(auditTableLabel('users')).toBe('User account');
  });

  it('names CRF columns by their data-dictionary label, bookkeeping columns in words', () => {
    expect(auditFieldLabel('response_forms', 'assessed_date')).toBe(fieldLabel('assessedDate'));
    expect(auditFieldLabel('response_forms', 'signed_by_user_id')).toBe('Signed by (user id)');
    expect(auditFieldLabel('subsequent_therapies', 'form_id')).toBe('Form (internal id)');
    expect(auditFieldLabel('users', 'some_new_column')).not.toMatch(internal);
  });

  it('an unknown stored name (an older log row) still reads without underscores', () => {
    expect(auditActionLabel('legacy_action')).toBe('Legacy action');
    expect(auditTableLabel('old_table')).toBe('Old table');
  });
});
