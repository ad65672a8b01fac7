/**
 * CTCAE v4.03 dictionary shipped with the registry (terms.json): each term with its system organ
 * class (SOC) and the meaning of grades 1–5 (null where the criteria define no such grade, e.g.
 * "Neutrophil count decreased" has no grade 5). Pure data + lookups: safe on client and server.
 */
import data from './terms.json';
import { CTCAE_SYNONYMS } from './synonyms';

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

/**
 * Lower case, no accents or punctuation, and British spellings folded to the American ones CTCAE
 * uses (haemorrhage → hemorrhage, anaemia → anemia, oedema → edema, diarrhoea → diarrhea,
 * tumour → tumor), on both the query and the terms, so either spelling finds the term.
 */
function normalise(s: string): string {
  return s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, ' ').trim()
    .replace(/ae/g, 'e').replace(/oe/g, 'e').replace(/our\b/g, 'or');
}

/** A term found by the search, and the clinical word it was found by (null: by its own name or SOC). */
export interface TermMatch { term: CtcaeTerm; synonym: string | null }

const index = CTCAE_TERMS.map((t) => ({
  t, term: normalise(t.term), soc: normalise(t.soc),
  synonyms: (CTCAE_SYNONYMS[t.term] ?? []).map((word) => ({ word, norm: normalise(word) })),
}));

/** Every synonym key is a term of the dictionary (checked by terms.test.ts). */
export function synonymTermsUnknown(): string[] {
  return Object.keys(CTCAE_SYNONYMS).filter((k) => !byName.has(k.toLowerCase()));
}

/**
 * Terms matching every word of the query in the term's name, one of its clinical words
 * (synonyms.ts) or its SOC. Order: the name is the query; the query is a clinical word ("rash" →
 * Rash maculo-papular before Rash acneiform); the name starts with the query; every word in the
 * name; a clinical word starting with the query; every word in a clinical word; matches only in
 * the SOC — alphabetical within. A term found by a clinical word carries it, so
 * the picker can say "pneumonia → Lung infection".
 */
export function searchTermMatches(query: string, limit = 20): TermMatch[] {
  const q = normalise(query);
  if (!q) return [];
  const words = q.split(' ');
  const all = (hay: string) => words.every((w) => hay.includes(w));
  const scored: { m: TermMatch; score: number }[] = [];
  for (const e of index) {
    const exact = e.synonyms.find((s) => s.norm === q);
    const prefix = e.synonyms.find((s) => s.norm.startsWith(q));
    const within = e.synonyms.find((s) => all(s.norm));
    let score: number;
    let synonym: string | null = null;
    if (e.term === q) score = 0;
    else if (exact) { score = 1; synonym = exact.word; }
    else if (e.term.startsWith(q)) score = 2;
    else if (all(e.term)) score = 3;
    else if (prefix) { score = 4; synonym = prefix.word; }
    else if (within) { score = 5; synonym = within.word; }
    else if (all(`${e.term} ${e.soc}`)) score = 6;
    else continue;
    scored.push({ m: { term: e.t, synonym }, score });
  }
  scored.sort((a, b) => a.score - b.score || a.m.term.term.localeCompare(b.m.term.term));
  return scored.slice(0, limit).map((s) => s.m);
}

/** The terms of searchTermMatches, without the words they were found by. */
export function searchTerms(query: string, limit = 20): CtcaeTerm[] {
  return searchTermMatches(query, limit).map((m) => m.term);
}
