/**
 * Dashboard groupings: how patients are split for survival curves and Gray's test. A grouping maps
 * a patient to a label, or null to leave the patient out of that analysis.
 *
 * The field groupings come from the data dictionary (`analysis.grouping`: URL key, ordered or not),
 * with their names from the text catalogue. Group labels are generic: a nominal code shows the code
 * ("male", "not_tested"); an ordered code list shows the code's label, which names the scale
 * ("ECOG 1", "Rai II", "Binet B"), ranked in code-list order; a number is cut into bands written here
 * for the groupings that have them (age, prior lines). Groupings that are not one field — no
 * grouping, the reason and progression-type splits of Figures 2–3, the centre, the CLL-IPI — are code.
 */
import { codeLabel, codesOf, fieldText, FIELDS, type DictField, type FieldDef } from '@/lib/dictionary';
import { CLL_IPI_FIELDS, CLL_IPI_GROUPS, CLL_IPI_GROUP_LABELS, cllIpiLabel } from './cll-ipi';
import { datasetKey, type DatasetField } from './dataset';
import type { CutoffPatient } from './types';

type FieldGrouping = Extract<DictField, { analysis: { grouping: { key: string } } }>['analysis']['grouping']['key'];
export type Grouping = 'none' | 'reason' | 'progression_type' | 'centre' | FieldGrouping | 'cll_ipi';

interface GroupingDef {
  label: string;
  /** Ordered groups: display order and the log-rank test for trend use `rank`. */
  ordinal: boolean;
  /** Dataset columns the grouping reads (beyond the endpoints' own). */
  fields: readonly DatasetField[];
  groupOf: (p: CutoffPatient) => string | null;
  rank: (label: string) => number | null;
}

/** A number cut into labelled groups (label and its rank). */
interface Bands { label: (v: number) => string; rank: (label: string) => number }

const BANDS: Partial<Record<FieldGrouping, Bands>> = {
  age: { label: (v) => (v < 65 ? '< 65' : '≥ 65'), rank: (l) => (l.startsWith('<') ? 0 : 1) },
  prior_lines: {
    label: (v) => (v >= 4 ? '≥ 4 lines' : `${v} line${v === 1 ? '' : 's'}`),
    rank: (l) => Number(/\d+/.exec(l)?.[0] ?? NaN),
  },
};

const REASON_PROGRESSION = 'Progression';
const REASON_OTHER = 'Adverse event + other';
const unranked = (): null => null;

function fieldGrouping(f: FieldDef, g: { key: string; ordinal: boolean }): GroupingDef {
  const key = datasetKey(f);
  const value = (p: CutoffPatient): unknown => (p.row as unknown as Record<string, unknown>)[key];
  const label = fieldText(f).grouping ?? fieldText(f).label;
  const bands = BANDS[g.key as FieldGrouping];
  if (bands) {
    return {
      label, ordinal: g.ordinal, fields: [key], rank: g.ordinal ? bands.rank : unranked,
      groupOf: (p) => { const v = value(p); return typeof v === 'number' ? bands.label(v) : null; },
    };
  }
  const list = f.codeList;
  if (list && g.ordinal) {
    const labels = codesOf(list).map((c) => codeLabel(list, c));
    return {
      label, ordinal: true, fields: [key],
      groupOf: (p) => { const v = value(p); return v === null || v === undefined ? null : codeLabel(list, String(v)); },
      rank: (l) => { const i = labels.indexOf(l); return i < 0 ? null : i; },
    };
  }
  return {
    label, ordinal: g.ordinal, fields: [key],
    groupOf: (p) => { const v = value(p); return v === null || v === undefined ? null : String(v); },
    rank: g.ordinal ? (l) => Number(l) : unranked,
  };
}

const FIELD_GROUPINGS: [FieldGrouping, GroupingDef][] = (FIELDS as readonly FieldDef[]).flatMap((f) => {
  const g = f.analysis?.grouping;
  return g ? [[g.key as FieldGrouping, fieldGrouping(f, g)] as [FieldGrouping, GroupingDef]] : [];
});

const CLL_IPI_RANKS = CLL_IPI_GROUPS.map((g) => CLL_IPI_GROUP_LABELS[g]);

const DEFS = new Map<Grouping, GroupingDef>([
  ['none', { label: 'No grouping', ordinal: false, fields: [], groupOf: () => 'All', rank: unranked }],
  ['reason', {
    label: 'Reason: progression vs adverse event + other', ordinal: false, fields: [], rank: unranked,
    groupOf: (p) => (p.discAt === null || p.row.discReason === null ? null : p.row.discReason === 'progression' ? REASON_PROGRESSION : REASON_OTHER),
  }],
  ['progression_type', {
    label: 'Progression: CLL vs Richter transformation', ordinal: false, fields: [], rank: unranked,
    groupOf: (p) => {
      const r = p.row;
      if (p.discAt === null || r.discReason !== 'progression' || r.progressionType === null) return null;
      return r.progressionType === 'RT' ? 'Richter transformation' : 'CLL progression';
    },
  }],
  ['centre', { label: 'Centre', ordinal: false, fields: [], groupOf: (p) => p.row.centreCode, rank: unranked }],
  ...FIELD_GROUPINGS,
  ['cll_ipi', {
    label: 'CLL-IPI risk group', ordinal: true, fields: CLL_IPI_FIELDS, groupOf: (p) => cllIpiLabel(p.row),
    rank: (l) => { const i = CLL_IPI_RANKS.indexOf(l); return i < 0 ? null : i; },
  }],
]);

function def(g: Grouping): GroupingDef {
  const d = DEFS.get(g);
  if (!d) throw new Error(`unknown grouping ${g}`);
  return d;
}

/** Every grouping, in the order the select lists show them. */
export const GROUPINGS: readonly Grouping[] = [...DEFS.keys()];

export const GROUPING_LABELS = Object.fromEntries([...DEFS].map(([g, d]) => [g, d.label])) as Record<Grouping, string>;

/** Dataset columns a grouping reads. */
export function groupingFields(g: Grouping): readonly DatasetField[] {
  return def(g).fields;
}

/** Group label for a patient, or null when the patient has no value for the grouping (excluded). */
export function groupOf(p: CutoffPatient, g: Grouping): string | null {
  return def(g).groupOf(p);
}

/**
 * Rank of a label for ordered groupings (for display order and the log-rank test for trend);
 * null for unordered groupings.
 */
export function ordinalRank(g: Grouping, label: string): number | null {
  return def(g).rank(label);
}

export const isOrdinal = (g: Grouping): boolean => def(g).ordinal;

/** Labels in display order: by rank for ordered groupings, else natural text order. */
export function sortLabels(g: Grouping, labels: Iterable<string>): string[] {
  const list = [...labels];
  if (isOrdinal(g)) return list.sort((a, b) => (ordinalRank(g, a) ?? 0) - (ordinalRank(g, b) ?? 0));
  return list.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
