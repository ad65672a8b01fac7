/**
 * Test-only helpers (imported by the *.test.ts files; not exported from index.ts):
 * load a reference data set from test/reference/survival (never /work/shared).
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';

export const REFERENCE_DIR = path.resolve(__dirname, '../../test/reference/survival');
export const DATASETS = ['aml', 'ovarian', 'pbc', 'veteran'] as const;

export interface ReferenceData {
  time: number[];
  status: number[];
  group: string[];
  cause?: number[];
}

export function loadCsv(name: string): ReferenceData {
  const text = fs.readFileSync(path.join(REFERENCE_DIR, `${name}.csv`), 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const rows = parsed.data;
  const hasCause = parsed.meta.fields?.includes('cause') ?? false;
  return {
    time: rows.map((r) => Number(r.time)),
    status: rows.map((r) => Number(r.status)),
    group: rows.map((r) => String(r.group)),
    ...(hasCause ? { cause: rows.map((r) => Number(r.cause)) } : {}),
  };
}

export function loadExpected(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(REFERENCE_DIR, `${name}.expected.json`), 'utf8')) as Record<string, unknown>;
}

/** |a - b| <= rel * |b| (or an absolute 1e-14 floor for values that are 0 in R). */
export function close(actual: number, expected: number, rel: number): boolean {
  if (actual === expected) return true;
  return Math.abs(actual - expected) <= Math.max(rel * Math.abs(expected), 1e-14);
}

export interface Mismatch {
  path: string;
  expected: unknown;
  actual: unknown;
}

/**
 * Walk every leaf of `expected` and compare it with the same path in `actual`.
 * Numbers use relative tolerance `tolFor(path)`; null (R's NA/Inf) must be null,
 * non-finite or missing-as-NaN in ours; strings must be equal. Returns the
 * mismatches and the number of leaves compared.
 */
export function compareTree(expected: unknown, actual: unknown, tolFor: (path: string) => number, p = ''): { mismatches: Mismatch[]; compared: number } {
  const mismatches: Mismatch[] = [];
  let compared = 0;
  const walk = (e: unknown, a: unknown, at: string): void => {
    if (Array.isArray(e)) {
      if (!Array.isArray(a) || a.length !== e.length) {
        mismatches.push({ path: `${at}.length`, expected: e.length, actual: Array.isArray(a) ? a.length : a });
        return;
      }
      e.forEach((x, i) => walk(x, a[i], `${at}[${i}]`));
      return;
    }
    if (e !== null && typeof e === 'object') {
      for (const [k, v] of Object.entries(e)) {
        walk(v, a !== null && typeof a === 'object' ? (a as Record<string, unknown>)[k] : undefined, `${at}.${k}`);
      }
      return;
    }
    compared++;
    if (typeof e === 'number') {
      if (typeof a !== 'number' || !close(a, e, tolFor(at))) mismatches.push({ path: at, expected: e, actual: a });
    } else if (e === null) {
      if (!(a === null || (typeof a === 'number' && !Number.isFinite(a)))) mismatches.push({ path: at, expected: e, actual: a });
    } else if (e !== a) {
      mismatches.push({ path: at, expected: e, actual: a });
    }
  };
  walk(expected, actual, p);
  return { mismatches, compared };
}
