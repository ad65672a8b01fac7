/**
 * Time-to-event endpoints (times in days; the survival output converts to months) and groupings.
 * A grouping maps a patient to a label, or null to leave the patient out of that analysis.
 */
import type { CutoffPatient } from './types';

export const ENDPOINTS = ['os_disc', 'os_start', 'time_on_ibrutinib'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export const ENDPOINT_LABELS: Record<Endpoint, string> = {
  os_disc: 'Overall survival after discontinuation',
  os_start: 'Overall survival from ibrutinib start',
  time_on_ibrutinib: 'Time on ibrutinib',
};

export const ENDPOINT_DEFINITIONS: Record<Endpoint, string> = {
  os_disc: 'discontinuation → death (event) or last follow-up (censored), limited by the cut-off; discontinued patients only',
  os_start: 'ibrutinib start → death (event) or last follow-up (censored), limited by the cut-off',
  time_on_ibrutinib: 'ibrutinib start → discontinuation (event) or last follow-up / death on treatment (censored), limited by the cut-off',
};

export interface EndpointObservation { time: number; status: 0 | 1 }

/** The patient's observation for an endpoint, or null when the endpoint does not apply (OS after discontinuation of a patient still on ibrutinib). */
export function observe(p: CutoffPatient, endpoint: Endpoint): EndpointObservation | null {
  switch (endpoint) {
    case 'os_disc':
      if (p.discAt === null) return null;
      return { time: Math.max(0, (p.deathAt ?? p.endAt) - p.discAt), status: p.deathAt !== null ? 1 : 0 };
    case 'os_start':
      return { time: (p.deathAt ?? p.endAt) - p.start, status: p.deathAt !== null ? 1 : 0 };
    case 'time_on_ibrutinib':
      if (p.discAt !== null) return { time: p.discAt - p.start, status: 1 };
      return { time: p.endAt - p.start, status: 0 };
  }
}

export const GROUPINGS = [
  'none', 'reason', 'progression_type', 'centre', 'sex', 'age', 'ecog', 'rai', 'binet', 'del17p', 'ighv',
  'prior_lines', 'best_response',
] as const;
export type Grouping = (typeof GROUPINGS)[number];

export const GROUPING_LABELS: Record<Grouping, string> = {
  none: 'No grouping',
  reason: 'Reason: progression vs adverse event + other',
  progression_type: 'Progression: CLL vs Richter transformation',
  centre: 'Centre',
  sex: 'Sex',
  age: 'Age at start (< 65 / ≥ 65)',
  ecog: 'ECOG',
  rai: 'Rai stage',
  binet: 'Binet stage',
  del17p: 'del(17p)',
  ighv: 'IGHV',
  prior_lines: 'Prior lines (1 / 2 / 3 / ≥ 4)',
  best_response: 'Best response',
};

const REASON_PROGRESSION = 'Progression';
const REASON_OTHER = 'Adverse event + other';

/** Group label for a patient, or null when the patient has no value for the grouping (excluded). */
export function groupOf(p: CutoffPatient, g: Grouping): string | null {
  const r = p.row;
  switch (g) {
    case 'none': return 'All';
    case 'reason':
      if (p.discAt === null || r.discReason === null) return null;
      return r.discReason === 'progression' ? REASON_PROGRESSION : REASON_OTHER;
    case 'progression_type':
      if (p.discAt === null || r.discReason !== 'progression' || r.progressionType === null) return null;
      return r.progressionType === 'RT' ? 'Richter transformation' : 'CLL progression';
    case 'centre': return r.centreCode;
    case 'sex': return r.sex;
    case 'age': return r.ageAtStart === null ? null : r.ageAtStart < 65 ? '< 65' : '≥ 65';
    case 'ecog': return r.ecog === null ? null : `ECOG ${r.ecog}`;
    case 'rai': return r.raiStage === null ? null : `Rai ${r.raiStage}`;
    case 'binet': return r.binetStage === null ? null : `Binet ${r.binetStage}`;
    case 'del17p': return r.del17p;
    case 'ighv': return r.ighv;
    case 'prior_lines':
      if (r.priorLines === null) return null;
      return r.priorLines >= 4 ? '≥ 4 lines' : `${r.priorLines} line${r.priorLines === 1 ? '' : 's'}`;
    case 'best_response': return r.bestResponse;
  }
}

const RAI = ['0', 'I', 'II', 'III', 'IV'];
const BINET = ['A', 'B', 'C'];

/**
 * Rank of a label for ordered groupings (for display order and the log-rank test for trend);
 * null for unordered groupings.
 */
export function ordinalRank(g: Grouping, label: string): number | null {
  switch (g) {
    case 'age': return label.startsWith('<') ? 0 : 1;
    case 'ecog': return Number(label.replace('ECOG ', ''));
    case 'rai': return RAI.indexOf(label.replace('Rai ', ''));
    case 'binet': return BINET.indexOf(label.replace('Binet ', ''));
    case 'prior_lines': return Number(/\d+/.exec(label)?.[0] ?? NaN);
    default: return null;
  }
}

export const isOrdinal = (g: Grouping): boolean => ordinalRank(g, '') !== null;

/** Labels in display order: by rank for ordered groupings, else natural text order. */
export function sortLabels(g: Grouping, labels: Iterable<string>): string[] {
  const list = [...labels];
  if (isOrdinal(g)) return list.sort((a, b) => (ordinalRank(g, a) ?? 0) - (ordinalRank(g, b) ?? 0));
  return list.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
