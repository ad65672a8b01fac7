/**
 * Shape of the published demo cohort file (demo-cohort.json), an external format: the fields it has.
 * The JSON import reads a superset of it — every field of the data dictionary with an `exchange`
 * entry, at its path (lib/exchange/patient.ts ExchangePatient). Codes as in domain.md.
 */
export interface CohortAdverseEvent {
  term: string; soc: string; grade: number; etiology: string | null; verbatim?: string | null; onsetDate?: string | null;
}
export interface CohortDiscontinuation {
  date: string;
  reason: 'adverse_event' | 'progression' | 'patient_decision' | 'lost_to_follow_up' | 'other';
  progressionType: 'CLL' | 'RT' | null;
  rtHistology: 'DLBCL' | 'Hodgkin' | null;
  cnsInvolvement: boolean | null;
  adverseEvent: CohortAdverseEvent | null;
}
export interface CohortTherapy { regimen: string; response: string | null; startDate?: string | null }
export interface CohortPatient {
  id: string; centre: string; sex: 'male' | 'female'; birthYear: number;
  ibrutinibStart: string; ageAtStart: number; ecog: number; raiStage: '0' | 'I' | 'II' | 'III' | 'IV';
  del17p: 'present' | 'absent' | 'not_tested'; priorLines: number;
  bestResponse: 'CR' | 'PR' | 'PR-L' | 'SD' | 'PD' | 'NE' | null;
  discontinuation: CohortDiscontinuation | null;
  subsequentTherapies: CohortTherapy[];
  vitalStatus: 'alive' | 'dead' | 'unknown'; deathDate: string | null; deathCause: string | null; lastContactDate: string;
}
export interface CohortCentre { code: string; name: string; city: string }
export interface CohortFile { cutoff?: string; centres: CohortCentre[]; patients: CohortPatient[] }
