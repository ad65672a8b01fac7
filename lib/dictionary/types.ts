/**
 * The shape of a data-dictionary entry: everything the registry knows about one captured field,
 * written once (lib/dictionary/fields.ts). The CRF schemas and controls, the stored-row mapping,
 * the patient summary, import/export, the dictionary file, the R/SPSS syntax, the ODM metadata,
 * Table 1 and the dashboards' groupings all read these entries instead of naming fields themselves.
 *
 * Texts a person reads (labels, help, messages, code labels) are not here: they live in a message
 * catalogue per language (lib/dictionary/text/en.ts), keyed by the field's name, so a second
 * language is one more catalogue and never an edit of a definition.
 */
import type { CodeListKey, CodeOf } from './code-lists';

/** The CRFs a field can belong to (`patient`: the registration record, not a CRF). */
export type DictForm = 'patient' | 'baseline' | 'response' | 'discontinuation' | 'therapies' | 'follow-up' | RecordKind;

/**
 * The repeating records of the patient's course (lib/dictionary/records.ts): any number of
 * instances per patient, each with its own workflow (status, version, signature, queries, audit).
 */
export type RecordKind = 'visit' | 'adverse-event' | 'dose-period' | 'interruption' | 'molecular-test';

/**
 * Value types. `code`: one code of a code list (stored as a PostgreSQL enum, or a smallint when the
 * code list is numeric such as ECOG); `codes`: several codes (text[]); `integer` with a code list:
 * a small whole-number scale shown as a list (ECOG, CTCAE grade).
 */
export type FieldType = 'date' | 'integer' | 'decimal' | 'code' | 'codes' | 'boolean' | 'text';

/** Why a value is legitimately unavailable (REDCap's and Castor's missing-data codes). Stable codes. */
export const MISSING_CODES = ['not_done', 'unknown', 'not_applicable'] as const;
export type MissingCode = (typeof MISSING_CODES)[number];

/** Branching: the answer of another field of the same form, named by its value key (yes/no answers as 'true' / 'false'). */
export interface Condition { field: string; in: readonly string[] }

/**
 * When a value is needed:
 * - `always`: the form asks for it and a stored form without it is not complete (cannot be verified or signed);
 * - `on-entry`: the form asks for it, but records stored without it (legacy or imported data the
 *   published cohort never had) still count as complete;
 * - absent: optional, unless `requiredWhen` holds.
 */
export type Requirement = 'always' | 'on-entry';

/** Roles of a field in the analyses (lib/analysis): the dataset column, Table 1, the groupings. */
export interface AnalysisRole {
  /** Key in the analysis dataset (CohortRow) when it differs from the field name. */
  dataset?: string;
  /** Table 1 row: counts per code (`categorical`) or median (range) (`median`). Key = the row's stable key. */
  table1?: { key: string; kind: 'categorical' | 'median' };
  /** A dashboard grouping (URL value `key`); `bands` cut a number into labelled groups. */
  grouping?: { key: string; ordinal: boolean };
}

export interface FieldDef {
  /** The field's name in forms, services, queries and the audit viewer (camelCase). */
  readonly name: string;
  /** Key in the form's values and the exchange record when it differs from `name` (names are unique across the dictionary; value keys only within a form). */
  readonly valueKey?: string;
  readonly form: DictForm;
  /** Database column of the form's table (db/schema.ts); null for a form-only helper field. */
  readonly column: string | null;
  readonly type: FieldType;
  readonly codeList?: CodeListKey;
  readonly unit?: string;
  /** Whole-number or decimal limits the form accepts. */
  readonly min?: number;
  readonly max?: number;
  /** Decimal places a decimal keeps (the database column's scale). */
  readonly scale?: number;
  /** Text: maximum length and whether line breaks are allowed. */
  readonly maxLength?: number;
  readonly multiline?: boolean;
  readonly required?: Requirement;
  /** Required when another answer holds (e.g. the AE term when the reason is an adverse event). */
  readonly requiredWhen?: Condition;
  /** Allowed only when another answer holds; otherwise it must be empty. */
  readonly onlyWhen?: Condition;
  /**
   * `computed`: stored and exchanged but not typed on the CRF (the save derives it: age at start,
   * the AE's system organ class); `form-only`: typed on the CRF but stored inside another field.
   */
  readonly entry?: 'computed' | 'form-only';
  /** Special control instead of the one the type implies. */
  readonly widget?: 'ctcae-term' | 'adverse-event-ref';
  /** Missing-data codes the field may record instead of a value (stored in `<column>_missing`). */
  readonly missingCodes?: readonly MissingCode[];
  /** Cohort file: CSV column, path in the JSON record, whether an import's header must have it, import limits. */
  readonly exchange?: {
    readonly column: string;
    readonly path: string;
    readonly requiredColumn?: boolean;
    readonly min?: number;
    readonly max?: number;
    readonly maxLength?: number;
    /** The upper limit is the current year (year of birth). */
    readonly maxIsCurrentYear?: boolean;
  };
  /** CDISC ODM: the ItemDef OID, the ItemGroup it sits in, and whether ODM marks it Mandatory. */
  readonly odm?: { readonly oid: string; readonly group: string; readonly mandatory?: boolean };
  readonly analysis?: AnalysisRole;
}

/**
 * The TypeScript type of an entry's value, computed from the entry (dates as ISO strings). The CRF
 * schemas, the exchange record and the analysis dataset build their row types on it.
 */
export type ValueOf<D> =
  D extends { type: 'date' | 'text' } ? string
  : D extends { type: 'integer' | 'decimal' } ? number
  : D extends { type: 'boolean' } ? boolean
  : D extends { type: 'code'; codeList: infer K extends CodeListKey } ? CodeOf<K>
  : D extends { type: 'codes'; codeList: infer K extends CodeListKey } ? CodeOf<K>[]
  : never;
