/**
 * The one list of what can appear in audit_log.action and audit_log.table_name. The event writer
 * (record-event.ts) only accepts AuditEventAction, so a service cannot write an action the audit
 * viewer does not offer; audit-vocabulary.test.ts scans the code for every action and table written
 * and fails when one is missing here. No server-only import: the test and client code may read it.
 */

/** Written by the database triggers on patient data (lower(TG_OP); DELETE and TRUNCATE are refused). */
export const TRIGGER_ACTIONS = ['insert', 'update'] as const;

/** Written by services through recordEvent(): logins, accounts, centres, exports, signatures, denials. */
export const AUDIT_EVENT_ACTIONS = [
  'login', 'login_failed', 'login_throttled', 'logout',
  'sso_login_refused',
  'user_created', 'role_changed', 'password_reset', 'user_deactivated', 'user_reactivated',
  'centre_created', 'centre_updated', 'centre_deactivated', 'centre_reactivated',
  'form_signed', 'signature_failed', 'form_unlocked',
  'access_denied',
  // Second factor (lib/services/two-factor/): enrolment, each code check, recovery codes, admin reset.
  'second_factor_enrolled', 'second_factor_passed', 'second_factor_failed', 'second_factor_throttled',
  'recovery_code_used', 'second_factor_reset',
  'invitation_sent', 'password_reset_requested', 'password_set_by_link', 'notification_setting_changed',
  'data_import', 'data_export', 'audit_export', 'dashboard_csv_export',
  // The data API (lib/api/): personal access tokens and every request made with one.
  'api_token_created', 'api_token_revoked', 'api_token_refused', 'api_request',
] as const;

export const AUDIT_ACTIONS = [...TRIGGER_ACTIONS, ...AUDIT_EVENT_ACTIONS] as const;

/**
 * Patient-data tables with audit triggers (db/migrations/0003_audit_statement_level.sql; the
 * repeating records of the course: 0014_patient_course.sql).
 */
export const TRIGGER_TABLES = ['patients', 'baseline_forms', 'response_forms', 'discontinuation_forms', 'therapy_forms',
  'subsequent_therapies', 'follow_up_forms', 'data_queries',
  'visits', 'adverse_events', 'dose_periods', 'dose_interruptions', 'molecular_tests'] as const;

/** Other table names events are filed under ("dashboard" is not a table: the analysis exports). */
export const AUDIT_EVENT_TABLES = ['users', 'centres', 'audit_log', 'dashboard', 'api_tokens'] as const;

export const AUDIT_TABLES = [...TRIGGER_TABLES, ...AUDIT_EVENT_TABLES] as const;

export type AuditEventAction = (typeof AUDIT_EVENT_ACTIONS)[number];
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditTable = (typeof AUDIT_TABLES)[number];
