/** For tests: the demo cohort file as analysis rows (read from db/seed, as the seed does). */
import fs from 'node:fs';
import path from 'node:path';
import type { CohortFile } from '@/db/seed/cohort-types';
import { rowsFromCohortFile } from './from-cohort-file';
import type { CohortRow } from './types';

export function demoRows(): CohortRow[] {
  const file = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'db', 'seed', 'demo-cohort.json'), 'utf8')) as CohortFile;
  return rowsFromCohortFile(file);
}

/** Table cell by row key (second column unless told). */
export function cell(t: { rows: { key?: string; cells: string[] }[] }, key: string, col = 1): string | undefined {
  return t.rows.find((r) => r.key === key)?.cells[col];
}
