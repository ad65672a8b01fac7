import { describe, expect, it } from 'vitest';
import cohort from '@/db/seed/demo-cohort.json';
import { CTCAE_TERMS, findTerm, gradeDefinition, isInfection, isOtherSpecify, joinStoredTerm, searchTermMatches, searchTerms, splitStoredTerm, synonymTermsUnknown } from './terms';

const SOCS = [
  'Blood and lymphatic system disorders', 'Cardiac disorders', 'Congenital, familial and genetic disorders', 'Ear and labyrinth disorders',
  'Endocrine disorders', 'Eye disorders', 'Gastrointestinal disorders', 'General disorders and administration site conditions',
  'Hepatobiliary disorders', 'Immune system disorders', 'Infections and infestations', 'Injury, poisoning and procedural complications',
  'Investigations', 'Metabolism and nutrition disorders', 'Musculoskeletal and connective tissue disorders',
  'Neoplasms benign, malignant and unspecified (incl cysts and polyps)', 'Nervous system disorders',
  'Pregnancy, puerperium and perinatal conditions', 'Psychiatric disorders', 'Renal and urinary disorders',
  'Reproductive system and breast disorders', 'Respiratory, thoracic and mediastinal disorders', 'Skin and subcutaneous tissue disorders',
  'Social circumstances', 'Surgical and medical procedures', 'Vascular disorders',
];

describe('CTCAE v4.03 dictionary', () => {
  it('has 150+ unique terms, each in one of the 26 SOCs with grades 1–5 (at least one defined)', () => {
    expect(CTCAE_TERMS.length).toBeGreaterThanOrEqual(150);
    expect(new Set(CTCAE_TERMS.map((t) => t.term.toLowerCase())).size).toBe(CTCAE_TERMS.length);
    for (const t of CTCAE_TERMS) {
      expect(SOCS).toContain(t.soc);
      expect(t.grades).toHaveLength(5);
      expect(t.grades.some((g) => g !== null)).toBe(true);
    }
  });

  it('has an "Other, specify" term for every SOC', () => {
    for (const soc of SOCS) {
      expect(CTCAE_TERMS.some((t) => t.soc === soc && isOtherSpecify(t.term)), soc).toBe(true);
    }
  });

  it('holds every term of the demo cohort with its SOC, and the study / ibrutinib toxicities', () => {
    for (const p of cohort.patients) {
      const ae = p.discontinuation?.adverseEvent;
      if (!ae) continue;
      const { term } = splitStoredTerm(ae.term);
      const found = findTerm(term);
      expect(found?.soc, ae.term).toBe(ae.soc);
      if (found) expect(gradeDefinition(found, ae.grade), `${ae.term} grade ${ae.grade}`).not.toBeNull();
    }
    for (const name of ['Lung infection', 'Upper respiratory infection', 'Sepsis', 'Atrial fibrillation', 'Heart failure', 'Diarrhea',
      'Vomiting', 'Neutrophil count decreased', 'Platelet count decreased', 'Anemia', 'Rash maculo-papular', 'Arthralgia', 'Hypertension',
      'Stroke', 'Suicide attempt', 'Intracranial hemorrhage', 'Upper gastrointestinal hemorrhage', 'Bruising', 'Epistaxis']) {
      expect(findTerm(name), name).toBeDefined();
    }
  });

  it('knows which grades are undefined (neutropenia has no grade 5, sepsis starts at 4)', () => {
    const neut = findTerm('neutrophil count decreased');
    expect(neut && gradeDefinition(neut, 5)).toBeNull();
    const sepsis = findTerm('Sepsis');
    expect(sepsis?.grades.slice(0, 3)).toEqual([null, null, null]);
    expect(isInfection(findTerm('Lung infection'))).toBe(true);
    expect(isInfection(findTerm('Diarrhea'))).toBe(false);
  });

  it('searches by term and by SOC, best matches first', () => {
    expect(searchTerms('lung inf')[0]?.term).toBe('Lung infection');
    expect(searchTerms('atrial').map((t) => t.term)).toEqual(expect.arrayContaining(['Atrial fibrillation', 'Atrial flutter']));
    const cardiac = searchTerms('cardiac disorders', 100);
    expect(cardiac.map((t) => t.term)).toContain('Heart failure');
    expect(searchTerms('')).toEqual([]);
    expect(searchTerms('zzzz')).toEqual([]);
    expect(searchTerms('infection', 5)).toHaveLength(5);
  });

  it('finds terms by clinical words and British spellings, saying which term a word maps to (issue 16, defect 6)', () => {
    const first = (q: string) => searchTermMatches(q)[0];
    expect(first('pneumonia')).toEqual({ term: expect.objectContaining({ term: 'Lung infection' }), synonym: 'pneumonia' });
    expect(first('Pneumonia')?.term.term).toBe('Lung infection');
    for (const [q, term] of [
      ['AF', 'Atrial fibrillation'], ['afib', 'Atrial fibrillation'], ['neutropenia', 'Neutrophil count decreased'],
      ['thrombocytopenia', 'Platelet count decreased'], ['GI bleed', 'Upper gastrointestinal hemorrhage'],
      ['brain bleed', 'Intracranial hemorrhage'], ['intracranial haemorrhage', 'Intracranial hemorrhage'],
      ['anaemia', 'Anemia'], ['diarrhoea', 'Diarrhea'], ['oedema limbs', 'Edema limbs'], ['URTI', 'Upper respiratory infection'],
      ['nosebleed', 'Epistaxis'], ['cellulitis', 'Skin infection'], ['joint pain', 'Arthralgia'], ['rash', 'Rash maculo-papular'],
      ['high blood pressure', 'Hypertension'], ['hyphema', 'Eye disorders - Other, specify'], ['bladder cancer', 'Neoplasms benign, malignant and unspecified (incl cysts and polyps) - Other, specify'],
    ] as const) expect(first(q)?.term.term, q).toBe(term);
    // A term found by its own name carries no synonym; a bleeding word lists the haemorrhage terms.
    expect(first('lung infection')).toEqual({ term: expect.objectContaining({ term: 'Lung infection' }), synonym: null });
    expect(searchTerms('haemorrhage', 30).map((t) => t.term)).toEqual(expect.arrayContaining(['Intracranial hemorrhage', 'Gastric hemorrhage']));
    expect(searchTerms('bleeding', 30).map((t) => t.term)).toEqual(expect.arrayContaining(['Epistaxis', 'Rectal hemorrhage', 'Intracranial hemorrhage']));
  });

  it('has clinical words for every term of the demo cohort (its verbatim labels) and keys only real terms', () => {
    expect(synonymTermsUnknown()).toEqual([]);
    for (const p of cohort.patients) {
      const ae = p.discontinuation?.adverseEvent;
      if (!ae?.verbatim) continue;
      const { term } = splitStoredTerm(ae.term);
      // The words before any parenthesis, as a clinician would type them ("suicide (severe depression)").
      expect(searchTerms(ae.verbatim.replace(/\s*\(.*\)\s*$/, '')).map((t) => t.term), ae.verbatim).toContain(term);
    }
  });

  it('stores "Other, specify" terms with the specification and splits them back', () => {
    const stored = joinStoredTerm('Eye disorders - Other, specify', ' hyphema ');
    expect(stored).toBe('Eye disorders - Other, specify: hyphema');
    expect(splitStoredTerm(stored)).toEqual({ term: 'Eye disorders - Other, specify', specify: 'hyphema' });
    expect(splitStoredTerm('Lung infection')).toEqual({ term: 'Lung infection', specify: null });
    expect(joinStoredTerm('Lung infection', 'ignored')).toBe('Lung infection');
  });
});
