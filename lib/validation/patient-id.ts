/**
 * The one definition of a patient id (pseudonym): the centre code, a hyphen and the patient's number
 * at that centre as three digits, 001–999 — PL-03-017. Registration issues these, every CRF action
 * looks patients up by them, and the import accepts exactly these: an id the CRF could not open
 * (PL-01-0017, PL-01-000) must not enter the registry, and one number is one id (PL-01-0001 would
 * be the same number as PL-01-001).
 */
export const MAX_PATIENT_SEQ = 999;
export const PATIENT_CODE_RE = /^[A-Z]{2}-\d{2}-(?!000)\d{3}$/;

export const PATIENT_CODE_HINT = 'a patient id is the centre code, a hyphen and a three-digit number from 001 to 999, e.g. PL-03-017';

export function isPatientCode(s: string): boolean {
  return PATIENT_CODE_RE.test(s);
}

/** The centre code and number of a valid id, or null. */
export function parsePatientCode(s: string): { centreCode: string; seq: number } | null {
  if (!isPatientCode(s)) return null;
  return { centreCode: s.slice(0, 5), seq: Number(s.slice(6)) };
}

export function formatPatientCode(centreCode: string, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_PATIENT_SEQ) throw new RangeError(`patient number ${seq} is outside 1–${MAX_PATIENT_SEQ}`);
  return `${centreCode}-${String(seq).padStart(3, '0')}`;
}
