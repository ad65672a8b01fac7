/**
 * The inputs and outputs of the course derivations (derive.ts). Inputs are shaped like the stored
 * rows (drizzle's row objects fit them as they are: dates as ISO strings 'YYYY-MM-DD', codes as the
 * dictionary's codes), so the record home, the edit checks and the analysis dataset can hand their
 * rows over without mapping. Outputs give dates as ISO strings and durations as whole days.
 *
 * Pure types: no database, React or Next imports.
 */
import type { CllIpi } from '@/lib/analysis/cll-ipi';
import type { CodeOf } from '@/lib/dictionary';

export type IsoDate = string;

/** What every instance of a repeating record carries (db/schema.ts recordColumns). */
export interface InstanceInput {
  seq: number;
  /** A mistaken instance: kept in the database, ignored by every derivation. */
  enteredInError: boolean;
}

export interface VisitInput extends InstanceInput {
  visitDate: IsoDate | null;
  response: CodeOf<'visitResponse'> | null;
  progression: boolean | null;
  progressionType: CodeOf<'progressionType'> | null;
  ibrutinibStatus?: CodeOf<'ibrutinibStatus'> | null;
  vitalStatus?: CodeOf<'vitalStatus'> | null;
}

export interface AdverseEventInput extends InstanceInput {
  term: string | null;
  soc: string | null;
  grade: number | null;
  onsetDate: IsoDate | null;
  resolutionDate?: IsoDate | null;
  ongoing?: boolean | null;
  serious?: boolean | null;
  action: CodeOf<'aeAction'> | null;
  outcome?: CodeOf<'aeOutcome'> | null;
}

export interface DosePeriodInput extends InstanceInput {
  startDate: IsoDate | null;
  dose: CodeOf<'ibrutinibDose'> | null;
  doseOtherMg: number | null;
  reason: CodeOf<'courseReason'> | null;
  adverseEventSeq: number | null;
}

export interface InterruptionInput extends InstanceInput {
  startDate: IsoDate | null;
  /** Last day without the drug (inclusive); empty while the interruption lasts. */
  endDate: IsoDate | null;
  reason: CodeOf<'courseReason'> | null;
  adverseEventSeq: number | null;
}

export interface MolecularTestInput extends InstanceInput {
  sampleDate: IsoDate | null;
  del17p: CodeOf<'aberration'> | null;
  tp53: CodeOf<'tp53'> | null;
  ighv: CodeOf<'ighv'> | null;
  del11q: CodeOf<'aberration'> | null;
  complexKaryotype: CodeOf<'karyotype'> | null;
}

/** The baseline form's fields the derivations read (molecular fallbacks and the CLL-IPI's other components). */
export interface BaselineInput {
  ibrutinibStart: IsoDate | null;
  del17p: CodeOf<'del17p'> | null;
  tp53: CodeOf<'tp53'> | null;
  ighv: CodeOf<'ighv'> | null;
  b2m: number | null;
  raiStage: CodeOf<'raiStage'> | null;
  binetStage: CodeOf<'binetStage'> | null;
  ageAtStart: number | null;
}

export interface DiscontinuationInput {
  /** The permanent discontinuation's date (the last dose). */
  lastDoseDate: IsoDate | null;
  reason: CodeOf<'discReason'> | null;
  progressionType: CodeOf<'progressionType'> | null;
}

export interface FollowUpInput {
  lastContactDate: IsoDate | null;
  vitalStatus: CodeOf<'vitalStatus'> | null;
  deathDate: IsoDate | null;
}

export interface TherapyInput {
  startDate: IsoDate | null;
}

/** Everything known about one patient's course. Absent forms are null; absent records empty lists. */
export interface CourseInput {
  baseline: BaselineInput | null;
  discontinuation: DiscontinuationInput | null;
  followUp: FollowUpInput | null;
  therapies: readonly TherapyInput[];
  visits: readonly VisitInput[];
  adverseEvents: readonly AdverseEventInput[];
  dosePeriods: readonly DosePeriodInput[];
  interruptions: readonly InterruptionInput[];
  molecularTests: readonly MolecularTestInput[];
}

// ---- Outputs ----------------------------------------------------------------------------------

export type Marker = 'del17p' | 'tp53' | 'ighv' | 'del11q' | 'complexKaryotype';

/** A baseline molecular value and where it came from: a dated test (its seq and date) or the baseline form. */
export interface BaselineMarker<V extends string> {
  value: V | null;
  source: 'test' | 'baseline' | null;
  testSeq: number | null;
  sampleDate: IsoDate | null;
}

export interface BaselineMolecular {
  del17p: BaselineMarker<CodeOf<'del17p'>>;
  tp53: BaselineMarker<CodeOf<'tp53'>>;
  ighv: BaselineMarker<CodeOf<'ighv'>>;
  del11q: BaselineMarker<CodeOf<'aberration'>>;
  complexKaryotype: BaselineMarker<CodeOf<'karyotype'>>;
}

/** A dose period with its derived end (inclusive): the day before the next period, or the last dose. */
export interface DerivedDosePeriod {
  seq: number;
  startDate: IsoDate;
  /** null while the period lasts (patient on ibrutinib at the last contact). */
  endDate: IsoDate | null;
  /** Daily dose in mg (420, 280, 140 or the "other" amount); null when not recorded. */
  mg: number | null;
  reason: CodeOf<'courseReason'> | null;
  adverseEventSeq: number | null;
}

export interface DerivedInterruption {
  seq: number;
  startDate: IsoDate;
  /** Last day without the drug; null while it lasts. */
  endDate: IsoDate | null;
  /** Days without the drug, both ends included; an open interruption counts to the end of treatment. */
  days: number;
  reason: CodeOf<'courseReason'> | null;
  adverseEventSeq: number | null;
}

export interface Progression {
  date: IsoDate;
  type: CodeOf<'progressionType'> | null;
  /** A visit (its seq) or the discontinuation for progression. */
  source: 'visit' | 'discontinuation';
  visitSeq: number | null;
}

export interface DerivedCourse {
  ibrutinibStart: IsoDate | null;
  /** Latest of the visit dates and the follow-up's last contact. */
  lastContact: IsoDate | null;
  death: { date: IsoDate | null } | null;
  /** Permanent discontinuation (its last dose), or null while on ibrutinib. */
  discontinuationDate: IsoDate | null;
  /** Best iwCLL response over the visits (NE ignored) and the first visit that reached it. */
  bestResponse: { response: CodeOf<'visitResponse'>; date: IsoDate | null; visitSeq: number } | null;
  progression: Progression | null;
  /** Start of the first subsequent therapy (time to next treatment). */
  nextTreatmentDate: IsoDate | null;
  /** Start → last dose (discontinued) or → last contact (still on drug), whole days; null without a start. */
  timeOnDrugDays: number | null;
  onDrug: boolean;
  /** The day treatment is known to have lasted until: the last dose, else the last contact (not after death). */
  treatmentEnd: IsoDate | null;
  interruptions: { count: number; totalDays: number; list: DerivedInterruption[] };
  dosePeriods: DerivedDosePeriod[];
  /** First dose period with a lower daily dose than the one before it. */
  firstDoseReduction: { date: IsoDate; seq: number; fromMg: number; toMg: number } | null;
  /**
   * Delivered mg / (420 mg × days from start to the end of treatment, both included); interrupted
   * days deliver 0 mg. null without dose periods, a start or an end (never a guess of the dose).
   */
  relativeDoseIntensity: number | null;
  /** Adverse events not entered in error, by onset (events without an onset date last). */
  adverseEvents: AdverseEventInput[];
  baselineMolecular: BaselineMolecular;
  /** The CLL-IPI with the molecular components from baselineMolecular. */
  cllIpi: CllIpi;
}
