/**
 * Where each form of the dictionary is stored (db/schema.ts), and a stored field's drizzle property
 * found by its column name. Relative imports: the demo seed (tsx scripts/prepare-db.ts) loads this.
 */
import { getTableColumns, getTableName } from 'drizzle-orm';
import { baselineForms, discontinuationForms, followUpForms, patients, responseForms } from '../../db/schema';
import type { DictForm } from '../dictionary';

/** Tables of the forms an exchange record carries field by field (the therapies are rows of their own). */
export const FORM_TABLES = {
  patient: patients, baseline: baselineForms, response: responseForms, discontinuation: discontinuationForms, 'follow-up': followUpForms,
} as const satisfies Partial<Record<DictForm, unknown>>;
export type TableForm = keyof typeof FORM_TABLES;
export type FormTable = (typeof FORM_TABLES)[Exclude<TableForm, 'patient'>];

export function tableNameOf(form: TableForm): string {
  return getTableName(FORM_TABLES[form]);
}

/** The drizzle property of a table's column (e.g. patients.status for the column "status"). */
export function propertyOf(form: TableForm, column: string): string {
  const found = Object.entries(getTableColumns(FORM_TABLES[form])).find(([, c]) => c.name === column);
  if (!found) throw new Error(`${tableNameOf(form)} has no column ${column} (lib/dictionary/fields.ts and db/schema.ts disagree)`);
  return found[0];
}
