/**
 * Which field an error-summary line is about, in words: two fields can fail with the same sentence
 * ("Use at most 200 characters."), so the summary names the field before it. Field names come from
 * the data dictionary; a therapy row's fields get the row's number; other names (none known) stay bare.
 */
import { fieldByName, fieldLabel } from '@/lib/dictionary';

const EXTRA: Record<string, string> = { changeReason: 'Reason for change' };

export function errorFieldLabel(name: string): string | null {
  const row = /^rows\.(\d+)\.(\w+)$/.exec(name);
  if (row) {
    const field = row[2] === 'bestResponse' ? 'therapyResponse' : row[2] ?? '';
    return `Therapy ${Number(row[1]) + 1}, ${fieldByName(field) ? fieldLabel(field).toLowerCase() : field}`;
  }
  if (EXTRA[name]) return EXTRA[name];
  return fieldByName(name) ? fieldLabel(name) : null;
}
