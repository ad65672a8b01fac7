/**
 * CTCAE v4.03 dictionary shipped with the registry (terms.json): each term with its system organ
 * class (SOC) and the meaning of grades 1–5 (null where the criteria define no such grade, e.g.
 * "Neutrophil count decreased" has no grade 5). Pure data + lookups: safe on client and server.
 */
import data from './terms.json';

export interface CtcaeTerm {
  term: string;
  soc: string;
  /** Grade 1..5 definitions; index 0 is grade 1. null = grade not defined for this term. */
  grades: (string | null)[];
}

export const CTCAE_VERSION: string = data.version;
export const CTCAE_TERMS: readonly CtcaeTerm[] = data.terms;
export const INFECTIONS_SOC = 'Infections and infestations';
const OTHER_SUFFIX = ' - Other, specify';

const byName = new Map(CTCAE_TERMS.map((t) => [t.term.toLowerCase(), t]));

export function findTerm(term: string): CtcaeTerm | undefined {
  return byName.get(term.trim().toLowerCase());
}

/** "Eye disorders - Other, specify" terms need the investigator's own wording. */
export function isOtherSpecify(term: string): boolean {
  return term.endsWith(OTHER_SUFFIX);
}

/**
 * Stored value of an "Other, specify" term is "<term>: <specification>" (as in the demo cohort),
 * e.g. "Eye disorders - Other, specify: hyphema". Splits a stored value back into its parts.
 */
export function splitStoredTerm(stored: string): { term: string; specify: string | null } {
  const i = stored.indexOf(`${OTHER_SUFFIX}:`);
  if (i < 0) return { term: stored, specify: null };
  return { term: stored.slice(0, i + OTHER_SUFFIX.length), specify: stored.slice(i + OTHER_SUFFIX.length + 1).trim() || null };
}

export function joinStoredTerm(term: string, specify: string | null | undefined): string {
  return isOtherSpecify(term) && specify ? `${term}: ${specify.trim()}` : term;
}

export function gradeDefinition(term: CtcaeTerm, grade: number): string | null {
  return term.grades[grade - 1] ?? null;
}

export function isInfection(term: CtcaeTerm | undefined): boolean {
  return term?.soc === INFECTIONS_SOC;
}

function normalise(s: string): string {
  return s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
}

const index = CTCAE_TERMS.map((t) => ({ t, term: normalise(t.term), soc: normalise(t.soc) }));

/**
 * Terms matching every word of the query, in the term or its SOC. Terms whose name starts with the
 * query come first, then matches in the name, then matches only in the SOC; alphabetical within.
 */
export function searchTerms(query: string, limit = 20): CtcaeTerm[] {
  const q = normalise(query);
  if (!q) return [];
  const words = q.split(' ');
  const scored: { t: CtcaeTerm; score: number }[] = [];
  for (const e of index) {
    const hay = `${e.term} ${e.soc}`;
    if (!words.every((w) => hay.includes(w))) continue;
    const score = e.term.startsWith(q) ? 0 : words.every((w) => e.term.includes(w)) ? 1 : 2;
    scored.push({ t: e.t, score });
  }
  scored.sort((a, b) => a.score - b.score || a.t.term.localeCompare(b.t.term));
  return scored.slice(0, limit).map((s) => s.t);
}
