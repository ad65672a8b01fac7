/**
 * The registry's tables. Codes (enums) are the import/export vocabulary of domain.md: keep them stable.
 *
 * Every CRF table carries `status` (draft → complete → verified → locked), `version` (optimistic
 * locking: a save names the version it was read at) and the e-signature columns. Patient data is
 * never deleted: `patients.status` retires a record, `subsequent_therapies.deleted` retires a row.
 * Changes to patient data are written to `audit_log` by database triggers (see the audit migration),
 * so no code path can change patient data without an audit row.
 */
import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, check, date, foreignKey, index, integer, jsonb, numeric, pgEnum, pgTable, serial, smallint, text, timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { CODE_LIST_DEFS } from '../lib/dictionary/code-lists';

export const roleEnum = pgEnum('user_role', ['admin', 'coordinator', 'investigator']);
export const formStatusEnum = pgEnum('form_status', ['draft', 'complete', 'verified', 'locked']);
// Code lists are defined once in the data dictionary (lib/dictionary/code-lists.ts); the enums take their codes.
const L = CODE_LIST_DEFS;
export const sexEnum = pgEnum('sex', L.sex.codes);
export const patientStatusEnum = pgEnum('patient_status', L.patientStatus.codes);
export const raiEnum = pgEnum('rai_stage', L.raiStage.codes);
export const binetEnum = pgEnum('binet_stage', L.binetStage.codes);
export const del17pEnum = pgEnum('del17p', L.del17p.codes);
export const ighvEnum = pgEnum('ighv', L.ighv.codes);
export const tp53Enum = pgEnum('tp53', L.tp53.codes);
export const responseEnum = pgEnum('response', L.response.codes);
export const discReasonEnum = pgEnum('discontinuation_reason', L.discReason.codes);
export const progressionTypeEnum = pgEnum('progression_type', L.progressionType.codes);
export const rtHistologyEnum = pgEnum('rt_histology', L.rtHistology.codes);
export const vitalStatusEnum = pgEnum('vital_status', L.vitalStatus.codes);
export const deathCauseEnum = pgEnum('death_cause', L.deathCause.codes);
/** Why a value is missing (the dictionary's missing-data codes), in `<column>_missing` columns. */
export const missingReasonEnum = pgEnum('missing_reason', L.missing.codes);
export const visitResponseEnum = pgEnum('iwcll_response', L.visitResponse.codes);
export const ibrutinibStatusEnum = pgEnum('ibrutinib_status', L.ibrutinibStatus.codes);
export const aeRelationEnum = pgEnum('ae_relation', L.aeRelation.codes);
export const aeActionEnum = pgEnum('ae_action', L.aeAction.codes);
export const aeOutcomeEnum = pgEnum('ae_outcome', L.aeOutcome.codes);
export const ibrutinibDoseEnum = pgEnum('ibrutinib_dose', L.ibrutinibDose.codes);
export const courseReasonEnum = pgEnum('course_reason', L.courseReason.codes);
export const aberrationEnum = pgEnum('aberration', L.aberration.codes);
export const karyotypeEnum = pgEnum('karyotype', L.karyotype.codes);
export const queryStatusEnum = pgEnum('query_status', ['open', 'answered', 'closed']);

const stamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** Workflow columns shared by every CRF table. */
const formColumns = {
  status: formStatusEnum('status').notNull().default('draft'),
  version: integer('version').notNull().default(1),
  updatedBy: integer('updated_by').references(() => users.id),
  signedByName: text('signed_by_name'),
  signedByUserId: integer('signed_by_user_id').references(() => users.id),
  signedAt: timestamp('signed_at', { withTimezone: true }),
  signatureMeaning: text('signature_meaning'),
  ...stamps,
};

export const centres = pgTable('centres', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  city: text('city').notNull(),
  active: boolean('active').notNull().default(true),
  ...stamps,
});

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull(),
  displayName: text('display_name').notNull(),
  role: roleEnum('role').notNull(),
  centreId: integer('centre_id').references(() => centres.id),
  active: boolean('active').notNull().default(true),
  passwordHash: text('password_hash').notNull(),
  /** Query notices as one daily digest instead of one e-mail per query (the account page). */
  queryDigest: boolean('query_digest').notNull().default(false),
  ...stamps,
}, (t) => [
  uniqueIndex('users_email_lower_uq').on(sql`lower(${t.email})`),
  // An investigator always belongs to exactly one centre; other roles see all centres.
  check('users_investigator_centre', sql`${t.role} <> 'investigator' OR ${t.centreId} IS NOT NULL`),
]);

/** Server-side sessions: the JWT cookie only names a row here, so logout and timeouts are enforceable. */
export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  /**
   * Password checked, second factor not yet (code or, for a role that requires it, enrolment):
   * lib/auth/session-state.ts lets such a session reach only the second-factor pages and logout.
   */
  secondFactorPending: boolean('second_factor_pending').notNull().default(false),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

/**
 * A user's TOTP second factor (RFC 6238). The secret is encrypted (AES-256-GCM, lib/auth/totp/secret-box.ts);
 * `confirmed_at` is set once a first code proved the authenticator works; `last_used_step` is the
 * time step of the last accepted code, compared and set under this row's lock so a code is accepted once.
 * Never deleted (the app role has no DELETE): a new enrolment or an admin reset overwrites the row.
 */
export const userTotp = pgTable('user_totp', {
  userId: integer('user_id').primaryKey().references(() => users.id),
  secretEnc: text('secret_enc').notNull(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  lastUsedStep: bigint('last_used_step', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Single-use recovery codes, stored as SHA-256 hashes (each code has about 59 random bits, so no slow hash is needed). */
export const recoveryCodes = pgTable('recovery_codes', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  codeHash: text('code_hash').notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  /** Set when new codes replace these or an admin resets the second factor (the app role has no DELETE). */
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('recovery_codes_user_idx').on(t.userId, t.codeHash)]);

/** Second-factor code attempts, counted across instances like login_attempts (lib/auth/totp/throttle.ts). */
export const secondFactorAttempts = pgTable('second_factor_attempts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  succeeded: boolean('succeeded').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('second_factor_attempts_user_at_idx').on(t.userId, t.at)]);

/** Every login attempt (for throttling across instances and for the audit of access). */
export const loginAttempts = pgTable('login_attempts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  email: text('email').notNull(),
  ip: text('ip'),
  succeeded: boolean('succeeded').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('login_attempts_email_at_idx').on(t.email, t.at),
  // Failures per source address across accounts (password spraying, lib/auth/throttle.ts).
  index('login_attempts_ip_at_idx').on(t.ip, t.at),
]);

export const patients = pgTable('patients', {
  id: serial('id').primaryKey(),
  /** Pseudonym id, centre code + sequence: PL-03-017. Never a name or national id. */
  code: text('code').notNull().unique(),
  centreId: integer('centre_id').notNull().references(() => centres.id),
  seq: integer('seq').notNull(),
  sex: sexEnum('sex').notNull(),
  birthYear: smallint('birth_year').notNull(),
  status: patientStatusEnum('status').notNull().default('active'),
  version: integer('version').notNull().default(1),
  createdBy: integer('created_by').references(() => users.id),
  updatedBy: integer('updated_by').references(() => users.id),
  ...stamps,
}, (t) => [
  uniqueIndex('patients_centre_seq_uq').on(t.centreId, t.seq),
  check('patients_birth_year', sql`${t.birthYear} BETWEEN 1900 AND 2100`),
]);

export const baselineForms = pgTable('baseline_forms', {
  id: serial('id').primaryKey(),
  patientId: integer('patient_id').notNull().unique().references(() => patients.id),
  ibrutinibStart: date('ibrutinib_start'),
  /**
   * Age in whole years at ibrutinib start. The registry holds only the birth year, so the form
   * derives it (start year − birth year, minus one before 2 July); an import may carry the exact
   * age computed at the site from the full birth date, which we keep rather than re-derive.
   */
  ageAtStart: smallint('age_at_start'),
  ecog: smallint('ecog'),
  raiStage: raiEnum('rai_stage'),
  binetStage: binetEnum('binet_stage'),
  del17p: del17pEnum('del17p'),
  ighv: ighvEnum('ighv'),
  ighvMissing: missingReasonEnum('ighv_missing'),
  tp53: tp53Enum('tp53'),
  /** Serum β2-microglobulin at ibrutinib start, mg/L. */
  b2m: numeric('b2m', { precision: 6, scale: 2, mode: 'number' }),
  b2mMissing: missingReasonEnum('b2m_missing'),
  priorLines: smallint('prior_lines'),
  priorPurineAnalogue: boolean('prior_purine_analogue'),
  priorPurineAnalogueMissing: missingReasonEnum('prior_purine_analogue_missing'),
  priorAntiCd20: boolean('prior_anti_cd20'),
  priorAntiCd20Missing: missingReasonEnum('prior_anti_cd20_missing'),
  /** Programme inclusion criteria met, letters a–f of the study's Methods. */
  inclusionCriteria: text('inclusion_criteria').array(),
  ...formColumns,
}, (t) => [
  check('baseline_ecog', sql`${t.ecog} IS NULL OR ${t.ecog} BETWEEN 0 AND 4`),
  check('baseline_age', sql`${t.ageAtStart} IS NULL OR ${t.ageAtStart} BETWEEN 18 AND 110`),
  check('baseline_prior_lines', sql`${t.priorLines} IS NULL OR ${t.priorLines} >= 1`),
  check('baseline_b2m', sql`${t.b2m} IS NULL OR ${t.b2m} > 0`),
]);

export const responseForms = pgTable('response_forms', {
  id: serial('id').primaryKey(),
  patientId: integer('patient_id').notNull().unique().references(() => patients.id),
  bestResponse: responseEnum('best_response'),
  assessedDate: date('assessed_date'),
  assessedDateMissing: missingReasonEnum('assessed_date_missing'),
  ...formColumns,
});

export const discontinuationForms = pgTable('discontinuation_forms', {
  id: serial('id').primaryKey(),
  patientId: integer('patient_id').notNull().unique().references(() => patients.id),
  lastDoseDate: date('last_dose_date'),
  reason: discReasonEnum('reason'),
  reasonOther: text('reason_other'),
  /** Adverse event (reason = adverse_event): CTCAE v4.03 term, its SOC, grade, onset. */
  aeTerm: text('ae_term'),
  aeSoc: text('ae_soc'),
  /** Verbatim term as the investigator wrote it (e.g. "pneumonia" for CTCAE "Lung infection"). */
  aeVerbatim: text('ae_verbatim'),
  aeGrade: smallint('ae_grade'),
  aeOnsetDate: date('ae_onset_date'),
  aeOnsetDateMissing: missingReasonEnum('ae_onset_date_missing'),
  aeEtiology: text('ae_etiology'),
  /** Progression (reason = progression). */
  progressionType: progressionTypeEnum('progression_type'),
  rtHistology: rtHistologyEnum('rt_histology'),
  cnsInvolvement: boolean('cns_involvement'),
  resistanceMutations: text('resistance_mutations'),
  ...formColumns,
}, (t) => [check('disc_ae_grade', sql`${t.aeGrade} IS NULL OR ${t.aeGrade} BETWEEN 1 AND 5`)]);

/** Header of the repeating "subsequent therapies" form: carries its status and version. */
export const therapyForms = pgTable('therapy_forms', {
  id: serial('id').primaryKey(),
  patientId: integer('patient_id').notNull().unique().references(() => patients.id),
  ...formColumns,
});

export const subsequentTherapies = pgTable('subsequent_therapies', {
  id: serial('id').primaryKey(),
  formId: integer('form_id').notNull().references(() => therapyForms.id),
  /** Denormalised so the audit trigger and centre-scoped queries need no join. */
  patientId: integer('patient_id').notNull().references(() => patients.id),
  position: smallint('position').notNull(),
  regimen: text('regimen').notNull(),
  startDate: date('start_date'),
  bestResponse: responseEnum('best_response'),
  deleted: boolean('deleted').notNull().default(false),
  ...stamps,
}, (t) => [index('subsequent_therapies_patient_idx').on(t.patientId)]);

export const followUpForms = pgTable('follow_up_forms', {
  id: serial('id').primaryKey(),
  patientId: integer('patient_id').notNull().unique().references(() => patients.id),
  vitalStatus: vitalStatusEnum('vital_status'),
  lastContactDate: date('last_contact_date'),
  deathDate: date('death_date'),
  deathCause: deathCauseEnum('death_cause'),
  deathCauseOther: text('death_cause_other'),
  /** Causes that contributed to the death besides the primary one (codes of the death-cause list). */
  deathContributingCauses: text('death_contributing_causes').array(),
  ...formColumns,
});

// ---- The patient's course: repeating records -------------------------------------------------
// Each row is one instance (REDCap's repeat instance) with the same workflow columns as a CRF:
// its own status, version, e-signature, queries and audit. `seq` numbers a patient's instances of
// one kind from 1 (never reused: records are not deleted, a mistaken one is marked entered in
// error), so links and long-format files name an instance stably ("adverse event 3").

const recordColumns = {
  id: serial('id').primaryKey(),
  patientId: integer('patient_id').notNull().references(() => patients.id),
  seq: smallint('seq').notNull(),
  /** An instance entered by mistake: kept (never deleted), left out of every analysis and check. */
  enteredInError: boolean('entered_in_error').notNull().default(false),
  ...formColumns,
};

/** Visits: a dated assessment (ECOG, iwCLL response, progression, ibrutinib status, vital status). */
export const visits = pgTable('visits', {
  ...recordColumns,
  visitDate: date('visit_date'),
  ecog: smallint('ecog'),
  response: visitResponseEnum('response'),
  progression: boolean('progression'),
  progressionType: progressionTypeEnum('progression_type'),
  ibrutinibStatus: ibrutinibStatusEnum('ibrutinib_status'),
  vitalStatus: vitalStatusEnum('vital_status'),
}, (t) => [
  uniqueIndex('visits_patient_seq_uq').on(t.patientId, t.seq),
  index('visits_patient_date_idx').on(t.patientId, t.visitDate),
  check('visits_ecog', sql`${t.ecog} IS NULL OR ${t.ecog} BETWEEN 0 AND 4`),
]);

/** The adverse-event log: every event worth recording (all grade ≥ 3 and any that changed treatment). */
export const adverseEvents = pgTable('adverse_events', {
  ...recordColumns,
  /** CTCAE v4.03 term ("<term>: <specification>" for "Other, specify"), its SOC, the verbatim words. */
  term: text('term'),
  soc: text('soc'),
  verbatim: text('verbatim'),
  grade: smallint('grade'),
  etiology: text('etiology'),
  onsetDate: date('onset_date'),
  onsetDateMissing: missingReasonEnum('onset_date_missing'),
  resolutionDate: date('resolution_date'),
  ongoing: boolean('ongoing'),
  serious: boolean('serious'),
  relation: aeRelationEnum('relation'),
  /** `discontinued` links the event to the patient's discontinuation as (one of) its cause(s). */
  action: aeActionEnum('action'),
  outcome: aeOutcomeEnum('outcome'),
}, (t) => [
  uniqueIndex('adverse_events_patient_seq_uq').on(t.patientId, t.seq),
  check('adverse_events_grade', sql`${t.grade} IS NULL OR ${t.grade} BETWEEN 1 AND 5`),
]);

/** Ibrutinib dose periods: from `start_date` the patient took `dose` until the next period or the discontinuation. */
export const dosePeriods = pgTable('dose_periods', {
  ...recordColumns,
  startDate: date('start_date'),
  dose: ibrutinibDoseEnum('dose'),
  doseOtherMg: smallint('dose_other_mg'),
  /** Why the dose changed (empty for the first period). */
  reason: courseReasonEnum('reason'),
  reasonOther: text('reason_other'),
  /** The adverse event (its seq) that made the change necessary, when the reason is an adverse event. */
  adverseEventSeq: smallint('adverse_event_seq'),
}, (t) => [
  uniqueIndex('dose_periods_patient_seq_uq').on(t.patientId, t.seq),
  foreignKey({ columns: [t.patientId, t.adverseEventSeq], foreignColumns: [adverseEvents.patientId, adverseEvents.seq], name: 'dose_periods_ae_fk' }),
  check('dose_periods_other_mg', sql`${t.doseOtherMg} IS NULL OR ${t.doseOtherMg} BETWEEN 1 AND 840`),
]);

/** Temporary interruptions of ibrutinib (end empty while it lasts). */
export const doseInterruptions = pgTable('dose_interruptions', {
  ...recordColumns,
  startDate: date('start_date'),
  endDate: date('end_date'),
  reason: courseReasonEnum('reason'),
  reasonOther: text('reason_other'),
  adverseEventSeq: smallint('adverse_event_seq'),
}, (t) => [
  uniqueIndex('dose_interruptions_patient_seq_uq').on(t.patientId, t.seq),
  foreignKey({ columns: [t.patientId, t.adverseEventSeq], foreignColumns: [adverseEvents.patientId, adverseEvents.seq], name: 'dose_interruptions_ae_fk' }),
]);

/** Dated molecular and cytogenetic tests; the baseline value of each is the latest on or before the ibrutinib start. */
export const molecularTests = pgTable('molecular_tests', {
  ...recordColumns,
  sampleDate: date('sample_date'),
  del17p: aberrationEnum('del17p'),
  tp53: tp53Enum('tp53'),
  ighv: ighvEnum('ighv'),
  del11q: aberrationEnum('del11q'),
  complexKaryotype: karyotypeEnum('complex_karyotype'),
}, (t) => [uniqueIndex('molecular_tests_patient_seq_uq').on(t.patientId, t.seq)]);

/** Data queries raised by coordinators on one field of one form. */
export const dataQueries = pgTable('data_queries', {
  id: serial('id').primaryKey(),
  patientId: integer('patient_id').notNull().references(() => patients.id),
  form: text('form').notNull(),
  /** For a repeating record (visit, adverse event, …): which instance (its seq); null for the five CRFs. */
  recordSeq: smallint('record_seq'),
  field: text('field').notNull(),
  question: text('question').notNull(),
  answer: text('answer'),
  status: queryStatusEnum('status').notNull().default('open'),
  raisedBy: integer('raised_by').notNull().references(() => users.id),
  answeredBy: integer('answered_by').references(() => users.id),
  closedBy: integer('closed_by').references(() => users.id),
  ...stamps,
}, (t) => [index('data_queries_patient_idx').on(t.patientId, t.status)]);

/**
 * Append-only audit trail (21 CFR Part 11 §11.10(e)). Rows come from the triggers on patient data
 * and from services for account, login and export events, through the database function
 * audit_event() (the app role has no INSERT here). A trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** When the change was made (clock_timestamp(), not the transaction's start): see migration 0006. */
  at: timestamp('at', { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
  actorId: integer('actor_id'),
  actorLabel: text('actor_label').notNull(),
  action: text('action').notNull(),
  tableName: text('table_name').notNull(),
  recordId: text('record_id'),
  patientId: integer('patient_id'),
  centreId: integer('centre_id'),
  field: text('field'),
  oldValue: text('old_value'),
  newValue: text('new_value'),
  reason: text('reason'),
  details: jsonb('details'),
}, (t) => [
  index('audit_log_at_idx').on(t.at, t.id),
  index('audit_log_patient_idx').on(t.patientId, t.at),
  index('audit_log_centre_idx').on(t.centreId, t.at),
  index('audit_log_actor_idx').on(t.actorId, t.at),
  index('audit_log_table_idx').on(t.tableName, t.at),
]);

/** Idempotency keys: a replayed submit returns the first result instead of writing twice. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text('key').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  result: jsonb('result').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * What an import's preview saw: per patient code of the file, the record's state (versions and
 * statuses of the patient row and its forms, '' = not registered). The commit re-reads that state
 * under the patients' row locks and refuses if anything moved (lib/services/exchange/run-import.ts).
 * Kept on the server so the client never vouches for it; `seen` is cleared once used or stale.
 */
export const importPreviews = pgTable('import_previews', {
  id: text('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  fileName: text('file_name').notNull(),
  fileSha256: text('file_sha256').notNull(),
  seen: jsonb('seen').$type<Record<string, string>>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

/**
 * Transactional outbox (lib/mail/): an e-mail is a row written in the same transaction as the event
 * it announces, so a rolled-back action sends nothing and a committed one is never lost. The worker
 * of any instance claims due rows (FOR UPDATE SKIP LOCKED), sends them, and on failure moves
 * next_attempt_at forward with exponential backoff; a sent row keeps sent_at.
 */
export const mailOutbox = pgTable('mail_outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** What the mail is about (invitation, password_reset, query_raised, …): for logs and tests. */
  kind: text('kind').notNull(),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  bodyText: text('body_text').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  lastError: text('last_error'),
  sentAt: timestamp('sent_at', { withTimezone: true }),
}, (t) => [index('mail_outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.sentAt} IS NULL`)]);

/**
 * Single-use links that let a user set a password: an invitation (72 h) or a reset (30 min). Only
 * the SHA-256 of the token is stored; the token itself exists only in the e-mail.
 */
export const passwordTokens = pgTable('password_tokens', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  purpose: text('purpose').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
}, (t) => [
  index('password_tokens_user_idx').on(t.userId),
  check('password_tokens_purpose', sql`${t.purpose} IN ('invitation', 'password_reset')`),
]);

/** Every "forgot password" request, known e-mail or not: throttling per e-mail and per source address. */
export const passwordResetRequests = pgTable('password_reset_requests', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  email: text('email').notNull(),
  ip: text('ip'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('password_reset_requests_email_at_idx').on(t.email, t.at),
  index('password_reset_requests_ip_at_idx').on(t.ip, t.at),
]);

/** Query notices waiting for a user's daily digest; digested_at is set when the digest mail is queued. */
export const queryDigestItems = pgTable('query_digest_items', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  line: text('line').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  digestedAt: timestamp('digested_at', { withTimezone: true }),
}, (t) => [index('query_digest_items_pending_idx').on(t.userId).where(sql`${t.digestedAt} IS NULL`)]);

/** Jobs run once per period by whichever instance claims them first (the daily query digest). */
export const mailSchedule = pgTable('mail_schedule', {
  name: text('name').primaryKey(),
  nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull(),
});

/**
 * Personal access tokens of the data API (/api/v1, lib/api/tokens.ts). Only the SHA-256 of the token
 * is stored (256 random bits, so no slow hash is needed); `prefix` is its first characters, shown in
 * lists so a user can tell tokens apart. The owner's role and centre at creation are kept: a token
 * stops working the moment either changes (or the owner is deactivated, or it expires or is revoked).
 */
export const apiTokens = pgTable('api_tokens', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  role: roleEnum('role').notNull(),
  centreId: integer('centre_id').references(() => centres.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revokedBy: integer('revoked_by').references(() => users.id),
}, (t) => [index('api_tokens_user_idx').on(t.userId)]);

/**
 * Requests per token in the current fixed window, shared by every instance: one row per token,
 * restarted in place when its window is over (the app role needs no DELETE).
 */
export const apiRateLimits = pgTable('api_rate_limits', {
  tokenId: integer('token_id').primaryKey().references(() => apiTokens.id),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  hits: integer('hits').notNull(),
});
