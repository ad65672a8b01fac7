/**
 * Time-to-event endpoints (times in days; the survival output converts to months). The groupings
 * (groupings.ts) are re-exported here.
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

// Groupings live in groupings.ts (derived from the data dictionary); re-exported for the modules that import them from here.
export { GROUPINGS, GROUPING_LABELS, groupOf, groupingFields, isOrdinal, ordinalRank, sortLabels, type Grouping } from './groupings';
