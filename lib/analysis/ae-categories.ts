/**
 * Adverse-event categories of the course analyses: the one table that maps a CTCAE v4.03 term (and
 * its system organ class) to the categories the literature on ibrutinib reports (infection, atrial
 * fibrillation and other arrhythmias, bleeding, cytopenias, hypertension, other cardiac events).
 * Rules are tried in order; the first that matches wins, so a term belongs to one category.
 * "… - Other, specify: <words>" terms are matched on their SOC and, for bleeding, on the words too.
 */
import { splitStoredTerm } from '@/lib/ctcae/terms';

export const AE_CATEGORIES = ['infection', 'arrhythmia', 'bleeding', 'cytopenia', 'hypertension', 'cardiac', 'other'] as const;
export type AeCategory = (typeof AE_CATEGORIES)[number];

export const AE_CATEGORY_LABELS: Record<AeCategory, string> = {
  infection: 'Infection',
  arrhythmia: 'Atrial fibrillation / arrhythmia',
  bleeding: 'Bleeding',
  cytopenia: 'Cytopenia',
  hypertension: 'Hypertension',
  cardiac: 'Other cardiac',
  other: 'Other',
};

interface Rule { category: Exclude<AeCategory, 'other'>; terms?: readonly string[]; socs?: readonly string[]; pattern?: RegExp }

/** The mapping, in the order it is tried. Terms are CTCAE v4.03 names (lib/ctcae/terms.json). */
export const AE_CATEGORY_RULES: readonly Rule[] = [
  { category: 'infection', socs: ['Infections and infestations'] },
  {
    category: 'cytopenia',
    terms: [
      'Anemia', 'Febrile neutropenia', 'Neutrophil count decreased', 'Platelet count decreased', 'White blood cell decreased',
      'Lymphocyte count decreased', 'Thrombotic thrombocytopenic purpura', 'Hemolysis',
    ],
  },
  {
    category: 'arrhythmia',
    terms: [
      'Atrial fibrillation', 'Atrial flutter', 'Supraventricular tachycardia', 'Ventricular tachycardia', 'Ventricular fibrillation',
      'Sinus tachycardia', 'Sinus bradycardia', 'Palpitations', 'Conduction disorder', 'Cardiac arrest',
      'Electrocardiogram QT corrected interval prolonged',
    ],
  },
  { category: 'bleeding', pattern: /hemorrhage|haemorrhage|hematoma|haematoma|bleed|bruising|hematuria|epistaxis|purpura|hemoptysis|hyphema/i },
  { category: 'hypertension', terms: ['Hypertension'] },
  { category: 'cardiac', socs: ['Cardiac disorders'] },
];

/** The category of a logged event from its stored term and SOC. */
export function aeCategory(term: string | null, soc: string | null): AeCategory {
  const base = term ? splitStoredTerm(term).term : '';
  for (const r of AE_CATEGORY_RULES) {
    if (r.terms?.includes(base)) return r.category;
    if (soc !== null && r.socs?.includes(soc)) return r.category;
    if (r.pattern && term && r.pattern.test(term)) return r.category;
  }
  return 'other';
}
