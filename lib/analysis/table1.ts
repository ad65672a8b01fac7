/**
 * Table 1: baseline characteristics of a population (counts with % of the population).
 *
 * The rows for single fields come from the data dictionary (`analysis.table1`), in dictionary order,
 * with titles from the text catalogue: `categorical` counts each code of the field's code list
 * (short labels) plus "not recorded"; `median` gives median (range). The rows that are not one field
 * are code here, after them: the CLL-IPI (computed from several fields), prior lines with the paper's
 * "≥ 3" note, time on ibrutinib, and best response among evaluable patients.
 */
import { codeLabel, codesOf, dictionaryText, fieldText, FIELDS, type FieldDef } from '@/lib/dictionary';
import { CLL_IPI_GROUPS, CLL_IPI_GROUP_LABELS, CLL_IPI_NOT_COMPUTABLE, cllIpi } from './cll-ipi';
import { datasetKey } from './dataset';
import { daysToMonths } from './dates';
import { countPct, medianRange } from './format';
import type { CutoffPatient, ReportRow, ReportTable } from './types';

type Row = CutoffPatient['row'];
type Level = { value: string; label: string };

function categorical(
  rows: ReportRow[], key: string, title: string, ps: readonly CutoffPatient[],
  value: (r: Row) => unknown, levels: readonly Level[], missingLabel = 'not recorded', missingKey = 'missing',
): void {
  const n = ps.length;
  rows.push({ key, cells: [title, ''], indent: 0 });
  const counts = new Map<string, number>();
  let missing = 0;
  for (const p of ps) {
    const v = value(p.row);
    if (v === null || v === undefined) missing++;
    else counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  }
  for (const l of levels) rows.push({ key: `${key}.${l.value}`, cells: [l.label, countPct(counts.get(l.value) ?? 0, n)], indent: 1 });
  const known = new Set(levels.map((l) => l.value));
  for (const [v, c] of counts) if (!known.has(v)) rows.push({ key: `${key}.${v}`, cells: [v, countPct(c, n)], indent: 1 });
  if (missing > 0) rows.push({ key: `${key}.${missingKey}`, cells: [missingLabel, countPct(missing, n)], indent: 1 });
}

/** A field's levels: its code list's codes with their short labels (yes / no for a yes/no field). */
function levelsOf(f: FieldDef): Level[] {
  const list = f.codeList;
  if (list) return codesOf(list).map((c) => ({ value: c, label: codeLabel(list, c, 'short') }));
  if (f.type === 'boolean') {
    const c = dictionaryText().common;
    return [{ value: 'true', label: c.yes }, { value: 'false', label: c.no }];
  }
  return [];
}

/** Numbers as the median (range) shows them: whole numbers as they are, decimals without float noise. */
function numberFormat(f: FieldDef): (x: number) => string {
  if (f.type !== 'decimal') return (x) => String(x);
  // A median of two values has one decimal place more than the values.
  const places = (f.scale ?? 2) + 1;
  return (x) => String(Number(x.toFixed(places)));
}

function fieldRows(rows: ReportRow[], f: FieldDef, t1: { key: string; kind: 'categorical' | 'median' }, ps: readonly CutoffPatient[]): void {
  const col = datasetKey(f);
  const value = (r: Row): unknown => (r as unknown as Record<string, unknown>)[col];
  const title = fieldText(f).table1 ?? fieldText(f).label;
  if (t1.kind === 'categorical') {
    categorical(rows, t1.key, title, ps, value, levelsOf(f));
    return;
  }
  const values = ps.flatMap((p) => { const v = value(p.row); return typeof v === 'number' ? [v] : []; });
  rows.push({ key: t1.key, cells: [title, medianRange(values, numberFormat(f))], indent: 0 });
}

const RESPONSES = ['CR', 'PR', 'PR-L', 'SD', 'PD'] as const;

export function table1(ps: readonly CutoffPatient[], populationLabel: string): ReportTable {
  const n = ps.length;
  const rows: ReportRow[] = [];
  for (const f of FIELDS as readonly FieldDef[]) {
    const t1 = f.analysis?.table1;
    if (t1) fieldRows(rows, f, t1, ps);
  }
  categorical(rows, 'cll_ipi', 'CLL-IPI risk group (score) (note c)', ps, (r) => { const c = cllIpi(r); return c.computable ? c.group : null; },
    CLL_IPI_GROUPS.map((g) => ({ value: g, label: CLL_IPI_GROUP_LABELS[g] })), CLL_IPI_NOT_COMPUTABLE, 'not_computable');
  const lines = ps.flatMap((p) => (p.row.priorLines === null ? [] : [p.row.priorLines]));
  rows.push({ key: 'lines', cells: ['Prior lines of therapy, median (range)', medianRange(lines)], indent: 0 });
  rows.push({ key: 'lines.ge3', cells: ['≥ 3 prior lines', countPct(lines.filter((l) => l >= 3).length, n)], indent: 1 });
  rows.push({ key: 'lines.gt3', cells: ['> 3 prior lines (≥ 4) — the paper’s “≥ 3” (note a)', countPct(lines.filter((l) => l >= 4).length, n)], indent: 1 });
  const onDrug = ps.map((p) => daysToMonths((p.discAt ?? p.endAt) - p.start));
  rows.push({ key: 'time_on_ibrutinib', cells: ['Time on ibrutinib, months, median (range) (note b)', medianRange(onDrug, (x) => x.toFixed(1))], indent: 0 });
  const evaluable = ps.filter((p) => p.row.bestResponse !== null && p.row.bestResponse !== 'NE');
  rows.push({ key: 'response', cells: [`Best response on ibrutinib (% of ${evaluable.length} evaluable)`, ''], indent: 0 });
  for (const r of RESPONSES) {
    rows.push({ key: `response.${r}`, cells: [r, countPct(evaluable.filter((p) => p.row.bestResponse === r).length, evaluable.length)], indent: 1 });
  }
  rows.push({ key: 'response.NE', cells: ['not evaluable / not recorded', String(n - evaluable.length)], indent: 1 });
  return {
    id: 'table1',
    title: 'Table 1. Baseline characteristics',
    columns: ['Characteristic', `${populationLabel} (n = ${n})`],
    rows,
    notes: [
      'Percentages are of the population shown; best response percentages are of evaluable patients (NE and missing excluded).',
      'a) The paper prints “≥ 3 lines: 18 (48.6%)” next to a median of 3 prior lines, which cannot both hold for 37 patients; its 18 is the number with > 3 (≥ 4) lines. Both are shown.',
      'b) Time on ibrutinib: start → discontinuation, or → last follow-up / cut-off for patients still on treatment.',
      'c) CLL-IPI: TP53 aberration (del(17p) and/or TP53 mutated) 4, IGHV unmutated 2, β2-microglobulin > 3.5 mg/L 2, Rai I–IV or Binet B/C 1, age > 65 1; low 0–1, intermediate 2–3, high 4–6, very high 7–10. Not computable when a component is not tested, not recorded or recorded as missing.',
    ],
  };
}
