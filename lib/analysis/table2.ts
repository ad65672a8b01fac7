/** Table 2: reasons for discontinuation, with the adverse events (verbatim label, CTCAE term, grade, etiology). */
import { countPct } from './format';
import type { CutoffPatient, ReportRow, ReportTable } from './types';

const label = (p: CutoffPatient): string => p.row.aeVerbatim ?? p.row.aeTerm ?? 'not recorded';

/** "bacterial: Pseudomonas aeruginosa" → "bacterial"; the pathogen after the colon is listed separately. */
export function etiologyClass(e: string | null): string {
  if (!e) return 'not recorded';
  const i = e.indexOf(':');
  return (i >= 0 ? e.slice(0, i) : e).trim();
}

const isPneumonia = (p: CutoffPatient): boolean =>
  /pneumonia/i.test(p.row.aeVerbatim ?? '') || p.row.aeTerm === 'Lung infection';

function tally(values: readonly string[]): string {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, c]) => `${k}: ${c}`).join('; ');
}

export function table2(population: readonly CutoffPatient[]): ReportTable {
  const ps = population.filter((p) => p.discAt !== null);
  const n = ps.length;
  const by = (reason: string) => ps.filter((p) => p.row.discReason === reason);
  const rows: ReportRow[] = [];
  const ae = by('adverse_event');
  rows.push({ key: 'adverse_event', cells: ['Adverse event', countPct(ae.length, n), '', '', ''], indent: 0 });
  const byLabel = new Map<string, CutoffPatient[]>();
  for (const p of ae) byLabel.set(label(p), [...(byLabel.get(label(p)) ?? []), p]);
  const ordered = [...byLabel].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  for (const [l, list] of ordered) {
    const terms = [...new Set(list.map((p) => p.row.aeTerm ?? 'not coded'))].join('; ');
    const grades = tally(list.map((p) => (p.row.aeGrade === null ? 'grade ?' : `grade ${p.row.aeGrade}`)));
    const etiology = list.some(isPneumonia) ? tally(list.map((p) => etiologyClass(p.row.aeEtiology))) : '';
    rows.push({ key: `ae.${l}`, cells: [l, countPct(list.length, n), terms, grades, etiology], indent: 1 });
  }
  const prog = by('progression');
  rows.push({ key: 'progression', cells: ['Progressive disease', countPct(prog.length, n), '', '', ''], indent: 0 });
  const cll = prog.filter((p) => p.row.progressionType === 'CLL');
  const rt = prog.filter((p) => p.row.progressionType === 'RT');
  rows.push({ key: 'progression.CLL', cells: ['progression of CLL', countPct(cll.length, n), '', '', ''], indent: 1 });
  const histology = tally(rt.map((p) => p.row.rtHistology ?? 'histology not recorded'));
  rows.push({ key: 'progression.RT', cells: ['Richter transformation', countPct(rt.length, n), histology, '', ''], indent: 1 });
  const untyped = prog.length - cll.length - rt.length;
  if (untyped > 0) rows.push({ key: 'progression.untyped', cells: ['type not recorded', countPct(untyped, n), '', '', ''], indent: 1 });
  rows.push({ key: 'patient_decision', cells: ['Patient decision', countPct(by('patient_decision').length, n), '', '', ''], indent: 0 });
  rows.push({ key: 'lost_to_follow_up', cells: ['Unknown / lost to follow-up', countPct(by('lost_to_follow_up').length, n), '', '', ''], indent: 0 });
  const other = by('other');
  rows.push({ key: 'other', cells: ['Other', countPct(other.length, n), tally(other.map((p) => p.row.reasonOther ?? 'not specified')), '', ''], indent: 0 });
  const noReason = ps.filter((p) => p.row.discReason === null).length;
  if (noReason > 0) rows.push({ key: 'missing', cells: ['Reason not recorded', countPct(noReason, n), '', '', ''], indent: 0 });
  const pneumonia = ae.filter(isPneumonia);
  return {
    id: 'table2',
    title: 'Table 2. Reasons for discontinuation',
    columns: ['Reason', `n (% of ${n} discontinued)`, 'CTCAE v4.03 term / histology', 'Grade', 'Etiology (pneumonia)'],
    columnKinds: ['text', 'num', 'text', 'text', 'text'],
    rows,
    notes: [
      'Adverse events are listed by the investigator’s verbatim label (discontinuation form), with the CTCAE term it was coded to.',
      `Pneumonia etiology: ${pneumonia.length ? tally(pneumonia.map((p) => etiologyClass(p.row.aeEtiology))) : 'none'}.`,
      'Discontinuations dated after the cut-off are not counted.',
    ],
  };
}

/** Line listing of the adverse events that led to discontinuation (pseudonymised ids only). */
export function aeListing(population: readonly CutoffPatient[]): ReportTable {
  const ae = population.filter((p) => p.discAt !== null && p.row.discReason === 'adverse_event')
    .sort((a, b) => a.row.code.localeCompare(b.row.code));
  return {
    id: 'ae-listing',
    title: 'Adverse events leading to discontinuation',
    columns: ['Patient', 'Verbatim', 'CTCAE term', 'System organ class', 'Grade', 'Etiology'],
    columnKinds: ['text', 'text', 'text', 'text', 'num', 'text'],
    rows: ae.map((p) => ({
      key: p.row.code,
      cells: [p.row.code, p.row.aeVerbatim ?? '', p.row.aeTerm ?? '', p.row.aeSoc ?? '', p.row.aeGrade === null ? '' : String(p.row.aeGrade), p.row.aeEtiology ?? ''],
    })),
    notes: ['Grade 5 = the patient died of the event.'],
  };
}
