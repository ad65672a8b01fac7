/**
 * The repeating records of a patient's course: any number of instances per patient (REDCap's
 * repeating instruments), each with the workflow of a CRF (draft → complete → verified → locked,
 * e-signature, queries, audit, optimistic locking, centre scope). Their fields are dictionary
 * entries like every other field (lib/dictionary/fields.ts, `form` = the record kind); this file
 * says what the kinds are: URL slug, table, the field that dates an instance, and the ODM group.
 *
 * Relative imports only (drizzle-kit and scripts load it).
 */
import type { RecordKind } from './types';

export interface RecordDef {
  readonly kind: RecordKind;
  /** URL segment under /patients/[code]/ and the long-format file name (visits.csv, …). */
  readonly slug: string;
  readonly table: string;
  /** Value key of the field that dates an instance (sorting, timeline, swimmer plot). */
  readonly dateKey: string;
  readonly odmGroup: string;
  /** Singular and plural names a person reads. */
  readonly label: string;
  readonly plural: string;
}

export const RECORDS: readonly RecordDef[] = [
  { kind: 'visit', slug: 'visits', table: 'visits', dateKey: 'visitDate', odmGroup: 'IG.VISIT', label: 'Visit', plural: 'Visits' },
  {
    kind: 'adverse-event', slug: 'adverse-events', table: 'adverse_events', dateKey: 'onsetDate', odmGroup: 'IG.AELOG',
    label: 'Adverse event', plural: 'Adverse events',
  },
  {
    kind: 'dose-period', slug: 'dose-periods', table: 'dose_periods', dateKey: 'startDate', odmGroup: 'IG.DOSE',
    label: 'Ibrutinib dose', plural: 'Ibrutinib doses',
  },
  {
    kind: 'interruption', slug: 'interruptions', table: 'dose_interruptions', dateKey: 'startDate', odmGroup: 'IG.INTERRUPTION',
    label: 'Interruption', plural: 'Interruptions',
  },
  {
    kind: 'molecular-test', slug: 'tests', table: 'molecular_tests', dateKey: 'sampleDate', odmGroup: 'IG.TEST',
    label: 'Molecular / cytogenetic test', plural: 'Molecular and cytogenetic tests',
  },
];

export const RECORD_KINDS = RECORDS.map((r) => r.kind) as readonly RecordKind[];

export function recordDef(kind: RecordKind): RecordDef {
  const def = RECORDS.find((r) => r.kind === kind);
  if (!def) throw new Error(`unknown record kind ${kind}`);
  return def;
}

export function recordBySlug(slug: string): RecordDef | undefined {
  return RECORDS.find((r) => r.slug === slug);
}

export function isRecordKind(s: string): s is RecordKind {
  return RECORDS.some((r) => r.kind === s);
}
