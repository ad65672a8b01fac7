/** Table 3: deaths by the cut-off and their causes. */
import { countPct } from './format';
import type { CutoffPatient, ReportRow, ReportTable } from './types';

export const DEATH_CAUSES = [
  'progression of CLL', 'infection', 'multi-organ failure', 'heart failure', 'gastrointestinal bleeding',
  'cerebellar ischemic stroke', 'exacerbation of COPD', 'suicide', 'bladder cancer', 'unknown', 'other',
] as const;

export function table3(ps: readonly CutoffPatient[], populationLabel: string): ReportTable {
  const n = ps.length;
  const dead = ps.filter((p) => p.deathAt !== null);
  const rows: ReportRow[] = [
    { key: 'dead', cells: ['Died by the cut-off', countPct(dead.length, n)], indent: 0 },
    { key: 'alive', cells: ['Alive at last follow-up', countPct(n - dead.length, n)], indent: 0 },
    { key: 'causes', cells: [`Cause of death (% of ${dead.length} deaths)`, ''], indent: 0 },
  ];
  const counts = new Map<string, number>();
  for (const p of dead) {
    const c = p.row.deathCause ?? 'not recorded';
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const order = [...counts].sort((a, b) => b[1] - a[1] || DEATH_CAUSES.indexOf(a[0] as never) - DEATH_CAUSES.indexOf(b[0] as never));
  for (const [cause, c] of order) rows.push({ key: `cause.${cause}`, cells: [cause, countPct(c, dead.length)], indent: 1 });
  const others = dead.filter((p) => p.row.deathCause === 'other' && p.row.deathCauseOther).map((p) => p.row.deathCauseOther as string);
  return {
    id: 'table3',
    title: 'Table 3. Causes of death',
    columns: ['', `${populationLabel} (n = ${n})`],
    rows,
    notes: [
      'Deaths dated after the cut-off are not counted (the patient is alive at the cut-off).',
      ...(others.length ? [`“other” causes as written: ${others.join('; ')}.`] : []),
    ],
  };
}
