/**
 * Dashboard controls come from the query string (GET forms), so every view is a shareable URL.
 * Unknown or malformed values fall back to defaults rather than failing the page, but never silently:
 * each one adds a notice (what was ignored, what is used instead) that the page shows above the controls.
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
  /** What was ignored in the query string and what is used instead (shown on the page). */
  notices: string[];
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const centreCode = z.string().regex(/^[A-Z]{2}-\d{2}$/);

/** Longest slice of a bad value echoed back in a notice (the page must not repeat arbitrary input at length). */
const echo = (v: string) => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);

/** An allowed value, or the fallback with a notice; an empty value (a cleared form field) means the default. */
function pick<T extends string>(allowed: readonly T[], v: string | undefined, fallback: T, name: string, notices: string[]): T {
  if (v === undefined || v === '') return fallback;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  notices.push(`Unknown ${name} ${echo(v)} ignored; using ${JSON.stringify(fallback)} (allowed: ${allowed.join(', ')}).`);
  return fallback;
}

/** The paper's analysis cut-off: the Fig 1–3 presets always use it. */
export const PAPER_CUTOFF = '2017-06-30';

export const PRESETS = {
  fig1: { label: 'Fig 1 · OS after discontinuation', endpoint: 'os_disc', grouping: 'none' },
  fig2: { label: 'Fig 2 · progression vs adverse event + other', endpoint: 'os_disc', grouping: 'reason' },
  fig3: { label: 'Fig 3 · CLL progression vs Richter transformation', endpoint: 'os_disc', grouping: 'progression_type' },
} as const satisfies Record<string, { label: string; endpoint: Endpoint; grouping: Grouping }>;
export type PresetId = keyof typeof PRESETS;

/**
 * A preset button's link: the paper's figure at the paper's cut-off (the current cut-off would give
 * other numbers, e.g. Fig 2 p = 0.69 instead of 0.81 at a later date), all discontinued patients.
 * The CI transform is kept: it does not change the figure's numbers.
 */
export function presetHref(id: PresetId, q: Pick<DashboardQuery, 'confType'>): string {
  return `/dashboard/survival?cutoff=${PAPER_CUTOFF}&population=discontinued&ci=${q.confType}&preset=${id}`;
}

function parseDay(name: string, v: string | undefined, notices: string[]): number | null {
  if (v === undefined || v === '') return null;
  const d = parseIsoDay(v);
  if (d === null) notices.push(`${name} ${echo(v)} is not a date (YYYY-MM-DD); ignored.`);
  return d;
}

export function parseDashboardQuery(sp: SearchParams, defaults: { population: PopulationKind; now?: Date }): DashboardQuery {
  const notices: string[] = [];
  const today = todayDay(defaults.now);
  const c = first(sp.cutoff);
  let cutoff = today;
  if (c !== undefined && c !== '') {
    const parsed = parseIsoDay(c);
    if (parsed === null) notices.push(`Cut-off ${echo(c)} is not a date (YYYY-MM-DD); using today, ${isoOfDay(today)}.`);
    else if (parsed > today) notices.push(`Cut-off ${c} is in the future; using today, ${isoOfDay(today)}.`);
    else cutoff = parsed;
  }
  const centreRaw = first(sp.centre);
  const centre = centreCode.safeParse(centreRaw);
  if (centreRaw && !centre.success) notices.push(`Centre ${echo(centreRaw)} is not a centre code (e.g. PL-01); ignored, all centres in scope used.`);
  let startFrom = parseDay('Ibrutinib start from', first(sp.from), notices);
  let startTo = parseDay('Ibrutinib start to', first(sp.to), notices);
  if (startFrom !== null && startTo !== null && startFrom > startTo) {
    notices.push(`Ibrutinib start window ${isoOfDay(startFrom)} to ${isoOfDay(startTo)} is empty (from after to); ignored, all start dates used.`);
    startFrom = null;
    startTo = null;
  }
  const preset = first(sp.preset);
  const p = preset && preset in PRESETS ? PRESETS[preset as PresetId] : null;
  if (preset && !p) notices.push(`Unknown preset ${echo(preset)} ignored (allowed: ${Object.keys(PRESETS).join(', ')}).`);
  return {
    cutoff,
    cutoffIso: isoOfDay(cutoff),
    population: {
      kind: pick(['all', 'discontinued'] as const, first(sp.population), defaults.population, 'population', notices),
      centre: centre.success ? centre.data : null,
      startFrom,
      startTo,
    },
    endpoint: p?.endpoint ?? pick(ENDPOINTS, first(sp.endpoint), 'os_disc', 'endpoint', notices),
    grouping: p?.grouping ?? pick(GROUPINGS, first(sp.group), 'none', 'grouping', notices),
    confType: pick(CONF_TYPES, first(sp.ci), 'log', 'CI transform', notices),
    gbw: first(sp.gbw) === '1',
    cif: pick(CIF_ANALYSES, first(sp.cif), 'discontinuation', 'competing-risk analysis', notices),
    notices,
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
