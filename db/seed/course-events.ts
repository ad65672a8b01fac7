/**
 * The adverse events of the fictional demo and benchmark courses (course-plan.ts): CTCAE v4.03
 * terms with their SOC, the grades drawn (only grades CTCAE defines for the term; never 5), the
 * relation to ibrutinib and how long an event lasts (days, lower and upper bound). Ibrutinib's
 * known toxicities: infections, atrial fibrillation, bleeding, cytopenias, diarrhoea, arthralgia,
 * hypertension, rash.
 */
export interface AeKind { term: string; soc: string; grades: readonly number[]; relation: 'unlikely' | 'possible' | 'probable'; days: readonly [number, number] }
export const INFECTIONS = 'Infections and infestations';
const k = (term: string, soc: string, grades: number[], relation: AeKind['relation'], days: [number, number]): AeKind => ({ term, soc, grades, relation, days });

/** Events logged without a change of treatment (grades valid for each CTCAE v4.03 term). */
export const BACKGROUND: readonly AeKind[] = [
  k('Upper respiratory infection', INFECTIONS, [2, 2, 3], 'possible', [5, 21]),
  k('Lung infection', INFECTIONS, [2, 3, 3], 'possible', [10, 35]),
  k('Urinary tract infection', INFECTIONS, [2, 3], 'unlikely', [5, 14]),
  k('Sinusitis', INFECTIONS, [2], 'possible', [7, 21]),
  k('Skin infection', INFECTIONS, [2, 3], 'possible', [7, 28]),
  k('Atrial fibrillation', 'Cardiac disorders', [1, 2, 2], 'probable', [14, 90]),
  k('Bruising', 'Injury, poisoning and procedural complications', [1, 1, 2], 'probable', [7, 30]),
  k('Epistaxis', 'Respiratory, thoracic and mediastinal disorders', [1, 2], 'probable', [1, 7]),
  k('Neutrophil count decreased', 'Investigations', [2, 3, 4], 'possible', [14, 42]),
  k('Platelet count decreased', 'Investigations', [1, 2, 3], 'possible', [14, 42]),
  k('Anemia', 'Blood and lymphatic system disorders', [2, 3], 'possible', [21, 60]),
  k('Diarrhea', 'Gastrointestinal disorders', [1, 2, 2], 'probable', [3, 21]),
  k('Arthralgia', 'Musculoskeletal and connective tissue disorders', [1, 2], 'probable', [14, 60]),
  k('Hypertension', 'Vascular disorders', [2, 3], 'possible', [30, 120]),
  k('Rash maculo-papular', 'Skin and subcutaneous tissue disorders', [1, 2], 'possible', [7, 28]),
];
/** Events that make a dose reduction necessary. */
export const REDUCING: readonly AeKind[] = [
  k('Arthralgia', 'Musculoskeletal and connective tissue disorders', [2, 3], 'probable', [21, 60]),
  k('Diarrhea', 'Gastrointestinal disorders', [2, 3], 'probable', [7, 28]),
  k('Atrial fibrillation', 'Cardiac disorders', [2, 3], 'probable', [14, 60]),
  k('Neutrophil count decreased', 'Investigations', [3, 4], 'possible', [14, 42]),
  k('Rash maculo-papular', 'Skin and subcutaneous tissue disorders', [2, 3], 'possible', [14, 35]),
  k('Fatigue', 'General disorders and administration site conditions', [2, 3], 'possible', [21, 60]),
];
/** Events that make a temporary interruption necessary. */
export const INTERRUPTING: readonly AeKind[] = [
  k('Lung infection', INFECTIONS, [3], 'possible', [10, 28]),
  k('Atrial fibrillation', 'Cardiac disorders', [3], 'probable', [7, 21]),
  k('Hematoma', 'Vascular disorders', [2, 3], 'probable', [7, 21]),
  k('Febrile neutropenia', 'Blood and lymphatic system disorders', [3], 'possible', [5, 14]),
];
