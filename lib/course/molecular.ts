/**
 * Baseline molecular and cytogenetic values: per marker, the latest dated test on or before the
 * ibrutinib start that recorded it (a marker "not tested" on a sample is no result), else the
 * baseline form's value (del(17p), TP53, IGHV; del(11q) and the karyotype have no baseline field).
 * The CLL-IPI is then computed from these values (lib/analysis/cll-ipi.ts).
 */
import { cllIpi, type CllIpi } from '@/lib/analysis/cll-ipi';
import type { BaselineInput, BaselineMarker, BaselineMolecular, MolecularTestInput } from './types';
import { dayOrNull } from './days';

type TestValue<M extends keyof BaselineMolecular> = NonNullable<MolecularTestInput[M]>;

function fromTests<M extends keyof BaselineMolecular>(
  tests: readonly MolecularTestInput[], marker: M, startDay: number | null, fallback: BaselineMolecular[M]['value'] | null,
): BaselineMarker<NonNullable<BaselineMolecular[M]['value']>> {
  let best: { day: number; t: MolecularTestInput } | null = null;
  if (startDay !== null) {
    for (const t of tests) {
      const d = dayOrNull(t.sampleDate);
      const v = t[marker];
      if (t.enteredInError || d === null || d > startDay || v === null || v === 'not_tested') continue;
      if (!best || d > best.day || (d === best.day && t.seq > best.t.seq)) best = { day: d, t };
    }
  }
  type V = NonNullable<BaselineMolecular[M]['value']>;
  if (best) return { value: best.t[marker] as TestValue<M> as V, source: 'test', testSeq: best.t.seq, sampleDate: best.t.sampleDate };
  if (fallback !== null && fallback !== undefined) return { value: fallback as V, source: 'baseline', testSeq: null, sampleDate: null };
  return { value: null, source: null, testSeq: null, sampleDate: null };
}

export function baselineMolecular(baseline: BaselineInput | null, tests: readonly MolecularTestInput[]): BaselineMolecular {
  const start = dayOrNull(baseline?.ibrutinibStart);
  return {
    del17p: fromTests(tests, 'del17p', start, baseline?.del17p ?? null),
    tp53: fromTests(tests, 'tp53', start, baseline?.tp53 ?? null),
    ighv: fromTests(tests, 'ighv', start, baseline?.ighv ?? null),
    del11q: fromTests(tests, 'del11q', start, null),
    complexKaryotype: fromTests(tests, 'complexKaryotype', start, null),
  };
}

/** The CLL-IPI with the molecular components from the tests (the other components from the baseline form). */
export function courseCllIpi(baseline: BaselineInput | null, molecular: BaselineMolecular): CllIpi {
  return cllIpi({
    del17p: molecular.del17p.value, tp53: molecular.tp53.value, ighv: molecular.ighv.value,
    b2m: baseline?.b2m ?? null, raiStage: baseline?.raiStage ?? null, binetStage: baseline?.binetStage ?? null,
    ageAtStart: baseline?.ageAtStart ?? null,
  });
}
