/**
 * Words for the audit viewer (/audit) instead of the names the log stores: "Login failed" rather
 * than `login_failed`, "Response" rather than `response_forms`, "Signed by (user id)" rather than
 * `signed_by_user_id`. The stored name stays the filter's value, the cell's title and the CSV
 * export's content (an auditor can still search the raw log).
 *
 * Typed on the audit vocabulary (lib/services/audit/audit-vocabulary.ts): an action or table added
 * there without a label here does not compile. CRF columns are named as the patient history names
 * them (components/crf/history-labels.ts: the data dictionary's field labels); only the bookkeeping
 * columns the history hides, and /audit shows, get their labels here.
 */
import { fieldLabel as historyFieldLabel, tableLabel as historyTableLabel } from '@/components/crf/history-labels';
import { AUDIT_ACTIONS, AUDIT_TABLES, TRIGGER_TABLES, type AuditAction, type AuditTable } from '@/lib/services/audit/audit-vocabulary';

const ACTION_LABELS: Record<AuditAction, string> = {
  insert: 'Created', update: 'Changed',
  login: 'Logged in', login_failed: 'Login failed', login_throttled: 'Login paused (too many attempts)', logout: 'Logged out',
  sso_login_refused: 'Hospital sign-in refused',
  user_created: 'Account created', role_changed: 'Role changed', password_reset: 'Password reset',
  user_deactivated: 'Account deactivated', user_reactivated: 'Account reactivated',
  centre_created: 'Centre created', centre_updated: 'Centre changed', centre_deactivated: 'Centre deactivated', centre_reactivated: 'Centre reactivated',
  form_signed: 'Form signed', signature_failed: 'Signature refused', form_unlocked: 'Form unlocked',
  access_denied: 'Access denied',
  second_factor_enrolled: 'Second factor set up', second_factor_passed: 'Second factor passed', second_factor_failed: 'Second factor failed',
  second_factor_throttled: 'Second factor paused (too many attempts)', recovery_code_used: 'Recovery code used', second_factor_reset: 'Second factor reset',
  invitation_sent: 'Invitation sent', password_reset_requested: 'Password reset requested', password_set_by_link: 'Password set by link',
  notification_setting_changed: 'Notification setting changed',
  data_import: 'Data imported', data_export: 'Data exported', audit_export: 'Audit trail exported', dashboard_csv_export: 'Dashboard CSV exported',
  api_token_created: 'API token created', api_token_revoked: 'API token revoked', api_token_refused: 'API token refused', api_request: 'API request',
};

/** The patient-data tables are named as the patient history names them (the form's name). */
const TABLE_LABELS: Record<AuditTable, string> = {
  ...(Object.fromEntries(TRIGGER_TABLES.map((t) => [t, historyTableLabel(t)])) as Record<(typeof TRIGGER_TABLES)[number], string>),
  users: 'User account', centres: 'Centre', audit_log: 'Audit trail', dashboard: 'Dashboards', api_tokens: 'API token',
};

/** Columns the patient history hides as bookkeeping; the audit trail shows every column. */
const AUDIT_FIELD_LABELS: Record<string, string> = {
  patient_id: 'Patient (internal id)', form_id: 'Form (internal id)', signed_by_user_id: 'Signed by (user id)',
  answered_by: 'Answered by (user id)', raised_by: 'Raised by (user id)', closed_by: 'Closed by (user id)',
  idempotency_key: 'Save key (double-save guard)', version: 'Version', updated_at: 'Updated at (UTC)', updated_by: 'Updated by (user id)',
  created_at: 'Created at (UTC)',
};

const isAction = (a: string): a is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(a);
const isTable = (t: string): t is AuditTable => (AUDIT_TABLES as readonly string[]).includes(t);
/** An unknown name (an older log row): at least not shown with underscores. */
const words = (snake: string) => { const s = snake.replace(/_/g, ' '); return s.charAt(0).toUpperCase() + s.slice(1); };

export function auditActionLabel(action: string): string {
  return isAction(action) ? ACTION_LABELS[action] : words(action);
}

export function auditTableLabel(table: string): string {
  return isTable(table) ? TABLE_LABELS[table] : words(table);
}

export function auditFieldLabel(table: string, field: string): string {
  return AUDIT_FIELD_LABELS[field] ?? historyFieldLabel(table, field) ?? words(field);
}
