/**
 * The cohort file format (db/seed/demo-cohort.json, the JSON import) as analysis rows, so unit tests
 * compute the paper's figures straight from the file, with the same code the pages use.
 *
 * Each dictionary column is read at the field's path in the file (`exchange.path`); dates become
 * epoch days. A field the file does not carry (the demo cohort predates IGHV, TP53, β2-microglobulin)
 * is empty, as it is in the database.
 */
import type { CohortFile } from '@/db/seed/cohort-types';
import { DATASET_DEFS, datasetKey, emptyRow } from './dataset';
import { dayOrNull } from './dates';
import type { CohortRow } from './types';

function at(record: unknown, path: string): unknown {
  let v: unknown = record;
  for (const part of path.split('.')) {
    if (v === null || v === undefined || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[part];
  }
  return v ?? null;
}

export function rowsFromCohortFile(file: CohortFile): CohortRow[] {
  return file.patients.map((p, i): CohortRow => {
    const row = emptyRow();
    const cells = row as unknown as Record<string, unknown>;
    for (const f of DATASET_DEFS) {
      if (!f.exchange) continue;
      const v = at(p, f.exchange.path);
      cells[datasetKey(f)] = f.type === 'date' ? dayOrNull(typeof v === 'string' ? v : null) : v;
    }
    const d = p.discontinuation;
    return {
      ...row,
      patientId: i + 1,
      code: p.id,
      centreCode: p.centre,
      discontinued: d !== null,
      // A cohort file holds finished records: every form it has is complete.
      baselineStatus: 'complete',
      responseStatus: 'complete',
      discontinuationStatus: d ? 'complete' : null,
      followUpStatus: 'complete',
    };
  });
}
