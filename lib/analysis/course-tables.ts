/** The course analyses as report tables (shown on the Course page and downloaded as CSV). */
import { AE_CATEGORY_LABELS } from './ae-categories';
import { categoryLabel, DAYS_PER_YEAR, MIN_GRADE, type AeCifResult, type AeRate, type IncidenceAt } from './course-ae';
import type { CoursePatient } from './course';
import { countPct, formatP, medianOf } from './format';
import type { ReportTable } from './types';

/** Months at which the cumulative incidence table reads the curves. */
export const INCIDENCE_MONTHS = [6, 12, 24] as const;

const pct1 = (x: number | null): string => (x === null ? '–' : `${(100 * x).toFixed(1)}%`);
const num2 = (x: number | null): string => (x === null ? '–' : x.toFixed(2));

export function aeIncidenceTable(rows: readonly IncidenceAt[]): ReportTable {
  const undated = rows.filter((r) => r.undated > 0).map((r) => `${categoryLabel(r.category)}: ${r.undated}`);
  return {
    id: 'ae-incidence',
    title: `Cumulative incidence of the first grade ≥ ${MIN_GRADE} adverse event on ibrutinib, by category`,
    columns: ['Category', 'n', 'Patients with event', ...INCIDENCE_MONTHS.map((m) => `${m} months`), 'At last follow-up'],
    columnKinds: ['text', 'num', 'num', ...INCIDENCE_MONTHS.map(() => 'num' as const), 'num'],
    rows: rows.map((r) => ({ key: r.category, cells: [categoryLabel(r.category), String(r.n), String(r.events), ...r.at.map(pct1), pct1(r.final)] })),
    notes: [
      'Aalen–Johansen estimate from ibrutinib start; discontinuation of ibrutinib and death on ibrutinib are competing events; censored at last contact (limited by the cut-off).',
      ...(undated.length ? [`Left out: patients with an event of the category without an onset date (${undated.join('; ')}).`] : []),
    ],
  };
}

export function aeCifTable(r: AeCifResult): ReportTable {
  const notes = r.events.map((e) => `${e.cause}: ${e.n} patient(s)`);
  if (r.gray) for (const g of r.gray) notes.push(`Gray's test (${g.cause}): statistic ${g.stat.toFixed(4)}, df ${g.df}, p = ${formatP(g.p)}.`);
  if (r.excluded) notes.push(`${r.excluded} patient(s) without a value for the grouping are not shown.`);
  if (r.undated) notes.push(`${r.undated} patient(s) with an event of the category without an onset date are left out.`);
  const at = (l: AeCifResult['lines'][number], t: number) => {
    let v = 0;
    for (let k = 0; k < l.time.length; k++) if ((l.time[k] as number) <= t) v = l.est[k] as number;
    return pct1(v);
  };
  const marks = INCIDENCE_MONTHS.filter((m) => m <= (r.ticks[r.ticks.length - 1] ?? 0));
  return {
    id: 'ae-cumulative-incidence',
    title: `Cumulative incidence: ${categoryLabel(r.category)} (first grade ≥ ${MIN_GRADE} event) with discontinuation and death as competing events`,
    columns: ['Curve', ...marks.map((m) => `${m} months`), 'At last follow-up'],
    rows: r.lines.map((l) => ({ key: l.label, cells: [l.label, ...marks.map((m) => at(l, m)), pct1(l.final)] })),
    notes,
  };
}

export function aeRateTable(rates: readonly AeRate[]): ReportTable {
  const undated = rates.find((r) => r.category === 'any')?.undated ?? 0;
  return {
    id: 'ae-rates',
    title: `Grade ≥ ${MIN_GRADE} adverse events per 100 patient-years on ibrutinib`,
    columns: ['Category', 'Events', 'Patients with event', 'Patient-years', 'Rate per 100 patient-years (95% CI)'],
    columnKinds: ['text', 'num', 'num', 'num', 'num'],
    rows: rates.map((r) => ({
      key: r.category,
      cells: [
        r.category === 'any' ? categoryLabel('any') : AE_CATEGORY_LABELS[r.category], String(r.events), String(r.patients), r.patientYears.toFixed(1),
        r.rate === null ? '–' : `${num2(r.rate)} (${num2(r.lower)}–${num2(r.upper)})`,
      ],
    })),
    notes: [
      `Every grade ≥ ${MIN_GRADE} event with onset from ibrutinib start to the last dose (or to the last contact while on ibrutinib), limited by the cut-off; time on drug from start to the last dose or last contact, in years of ${DAYS_PER_YEAR} days.`,
      'Exact (Garwood) Poisson 95% confidence intervals, as R poisson.test.',
      ...(undated ? [`${undated} event(s) without an onset date are not counted.`] : []),
    ],
  };
}

/** Quantile by R's default rule (type 7) of sorted values. */
function quantile7(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

export function doseIntensityTable(ps: readonly CoursePatient[]): ReportTable {
  const withDose = ps.filter((p) => p.course.dosePeriods.length > 0);
  const rdi = withDose.map((p) => p.course.relativeDoseIntensity).filter((x): x is number => x !== null).sort((a, b) => a - b);
  const reduced = withDose.filter((p) => p.course.firstDoseReduction !== null).length;
  const interrupted = ps.filter((p) => p.course.interruptions.count > 0);
  const days = interrupted.map((p) => p.course.interruptions.totalDays).sort((a, b) => a - b);
  const q = (p: number) => pct1(quantile7(rdi, p));
  const n = ps.length;
  return {
    id: 'dose-intensity',
    title: 'Ibrutinib dose intensity, reductions and interruptions',
    columns: ['Measure', 'Value'],
    rows: [
      { key: 'patients', cells: ['Patients', String(n)] },
      { key: 'with-dose', cells: ['With a recorded dose course', countPct(withDose.length, n)] },
      { key: 'rdi', cells: ['Relative dose intensity, median (IQR)', rdi.length ? `${pct1(medianOf(rdi))} (${q(0.25)}–${q(0.75)})` : '–'] },
      { key: 'rdi-range', cells: ['Relative dose intensity, range', rdi.length ? `${pct1(rdi[0] ?? null)}–${pct1(rdi[rdi.length - 1] ?? null)}` : '–'] },
      { key: 'rdi-below-80', cells: ['Relative dose intensity below 80%', countPct(rdi.filter((x) => x < 0.8).length, rdi.length)] },
      { key: 'reduced', cells: ['At least one dose reduction', countPct(reduced, withDose.length)] },
      { key: 'interrupted', cells: ['At least one interruption', countPct(interrupted.length, n)] },
      { key: 'interruptions', cells: ['Interruptions, total', String(interrupted.reduce((a, p) => a + p.course.interruptions.count, 0))] },
      { key: 'interruption-days', cells: ['Days interrupted per interrupted patient, median (range)', days.length ? `${medianOf(days) ?? ''} (${days[0] ?? ''}–${days[days.length - 1] ?? ''})` : '–'] },
    ],
    notes: [
      'Relative dose intensity: mg delivered (interrupted days 0 mg) / (420 mg × days from start to the last dose, or to the last contact while on ibrutinib); over the course up to the cut-off; patients without a recorded dose are not counted.',
      'Percentages of dose reductions are of the patients with a recorded dose course; of interruptions, of all patients.',
    ],
  };
}
