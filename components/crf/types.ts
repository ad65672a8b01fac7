/** View types passed from server pages to the CRF client components (never whole rows). */
export interface QueryView {
  id: number; form: string; field: string; question: string; answer: string | null; status: 'open' | 'answered' | 'closed';
  raisedByName: string; answeredByName: string | null; createdAt: string; updatedAt: string;
}
export type FormStatus = 'draft' | 'complete' | 'verified' | 'locked';
export interface FormMetaView {
  patientCode: string;
  /** null when the form has not been started. */
  version: number | null;
  status: FormStatus | null;
  /** One per page render: a double submit replays the first result. */
  idempotencyKey: string;
  canWrite: boolean;
}
export interface ConflictChange { field: string; label: string; current: string | null; yours: string | null }
