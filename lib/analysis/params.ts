/**
 * Dashboard controls come from the query string (GET forms), so every view is a shareable URL.
 * Unknown or malformed values fall back to defaults rather than failing the page.
 */
import { z } from 'zod';
import { CONF_TYPES, type ConfType } from '@/lib/survival';
import { isoOfDay, parseIsoDay, todayDay } from './dates';
import { ENDPOINTS, GROUPINGS, type Endpoint, type Grouping } from './endpoints';
import { CIF_ANALYSES, type CifAnalysis } from './competing';
import type { PopulationFilter, PopulationKind } from './population';

export type SearchParams = Record<string, string | string[] | undefined>;

export interface DashboardQuery {
  cutoff: number;
  cutoffIso: string;
  population: PopulationFilter;
  endpoint: Endpoint;
  grouping: Grouping;
  confType: ConfType;
  gbw: boolean;
  cif: CifAnalysis;
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const centreCode = z.string().regex(/^[A-Z]{2}-\d{2}$/);

function pick<T extends string>(allowed: readonly T[], v: string | undefined, fallback: T): T {
  return v !== undefined && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

export const PRESETS = {
  fig1: { label: 'Fig 1 · OS after discontinuation', endpoint: 'os_disc', grouping: 'none' },
  fig2: { label: 'Fig 2 · progression vs adverse event + other', endpoint: 'os_disc', grouping: 'reason' },
  fig3: { label: 'Fig 3 · CLL progression vs Richter transformation', endpoint: 'os_disc', grouping: 'progression_type' },
} as const satisfies Record<string, { label: string; endpoint: Endpoint; grouping: Grouping }>;
export type PresetId = keyof typeof PRESETS;

export function parseDashboardQuery(sp: SearchParams, defaults: { population: PopulationKind; now?: Date }): DashboardQuery {
  const today = todayDay(defaults.now);
  const c = first(sp.cutoff);
  const parsedCutoff = c ? parseIsoDay(c) : null;
  const cutoff = parsedCutoff ?? today;
  const centre = centreCode.safeParse(first(sp.centre));
  const from = first(sp.from);
  const to = first(sp.to);
  const preset = first(sp.preset);
  const p = preset && preset in PRESETS ? PRESETS[preset as PresetId] : null;
  return {
    cutoff,
    cutoffIso: isoOfDay(cutoff),
    population: {
      kind: pick(['all', 'discontinued'] as const, first(sp.population), defaults.population),
      centre: centre.success ? centre.data : null,
      startFrom: from ? parseIsoDay(from) : null,
      startTo: to ? parseIsoDay(to) : null,
    },
    endpoint: p?.endpoint ?? pick(ENDPOINTS, first(sp.endpoint), 'os_disc'),
    grouping: p?.grouping ?? pick(GROUPINGS, first(sp.group), 'none'),
    confType: pick(CONF_TYPES, first(sp.ci), 'log'),
    gbw: first(sp.gbw) === '1',
    cif: pick(CIF_ANALYSES, first(sp.cif), 'discontinuation'),
  };
}

/** The query string of a view (for links, presets and downloads). */
export function queryString(q: DashboardQuery, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  p.set('cutoff', q.cutoffIso);
  p.set('population', q.population.kind);
  if (q.population.centre) p.set('centre', q.population.centre);
  if (q.population.startFrom !== null) p.set('from', isoOfDay(q.population.startFrom));
  if (q.population.startTo !== null) p.set('to', isoOfDay(q.population.startTo));
  p.set('endpoint', q.endpoint);
  p.set('group', q.grouping);
  p.set('ci', q.confType);
  if (q.gbw) p.set('gbw', '1');
  p.set('cif', q.cif);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}
