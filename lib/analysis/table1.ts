/** Table 1: baseline characteristics of a population (counts with % of the population). */
import { daysToMonths } from './dates';
import { countPct, medianRange } from './format';
import type { CutoffPatient, ReportRow, ReportTable } from './types';

type Row = CutoffPatient['row'];

function categorical(
  rows: ReportRow[], key: string, title: string, ps: readonly CutoffPatient[],
  value: (r: Row) => string | number | null, levels: readonly { value: string | number; label: string }[],
): void {
  const n = ps.length;
  rows.push({ key, cells: [title, ''], indent: 0 });
  const counts = new Map<string, number>();
  let missing = 0;
  for (const p of ps) {
    const v = value(p.row);
    if (v === null) missing++;
    else counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  }
  for (const l of levels) rows.push({ key: `${key}.${l.value}`, cells: [l.label, countPct(counts.get(String(l.value)) ?? 0, n)], indent: 1 });
  const known = new Set(levels.map((l) => String(l.value)));
  for (const [v, c] of counts) if (!known.has(v)) rows.push({ key: `${key}.${v}`, cells: [v, countPct(c, n)], indent: 1 });
  if (missing > 0) rows.push({ key: `${key}.missing`, cells: ['not recorded', countPct(missing, n)], indent: 1 });
}

const RESPONSES = ['CR', 'PR', 'PR-L', 'SD', 'PD'] as const;

export function table1(ps: readonly CutoffPatient[], populationLabel: string): ReportTable {
  const n = ps.length;
  const rows: ReportRow[] = [];
  categorical(rows, 'sex', 'Sex', ps, (r) => r.sex, [{ value: 'male', label: 'male' }, { value: 'female', label: 'female' }]);
  const ages = ps.flatMap((p) => (p.row.ageAtStart === null ? [] : [p.row.ageAtStart]));
  rows.push({ key: 'age', cells: ['Age at ibrutinib start, years, median (range)', medianRange(ages)], indent: 0 });
  categorical(rows, 'ecog', 'ECOG performance status', ps, (r) => r.ecog, [0, 1, 2, 3, 4].map((v) => ({ value: v, label: String(v) })));
  categorical(rows, 'rai', 'Rai stage', ps, (r) => r.raiStage, ['0', 'I', 'II', 'III', 'IV'].map((v) => ({ value: v, label: v })));
  categorical(rows, 'del17p', 'del(17p) by FISH', ps, (r) => r.del17p,
    [{ value: 'present', label: 'present' }, { value: 'absent', label: 'absent' }, { value: 'not_tested', label: 'not tested' }]);
  categorical(rows, 'ighv', 'IGHV', ps, (r) => r.ighv,
    [{ value: 'mutated', label: 'mutated' }, { value: 'unmutated', label: 'unmutated' }, { value: 'not_tested', label: 'not tested' }]);
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
    ],
  };
}
