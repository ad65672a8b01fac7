/**
 * The data dictionary (CSV): every column with its form, type, unit, codes and meaning, whether
 * the column must be in an imported file's header (`required_column`) and whether its cells may be
 * empty and what that writes (`cell`: from the CRF's required fields, form-parts.ts), and the
 * missing-data codes a cell may hold instead of a value, written "[code]" (`missing_codes`).
 */
import { codeList, COLUMNS } from './codes';
import { csvHeader, csvLine } from './csv-format';
import { cellRule } from './form-parts';
import { missingLabel } from '@/lib/dictionary';

export function dataDictionaryCsv(): string {
  const lines = [csvHeader(['column', 'form', 'type', 'unit', 'required_column', 'cell', 'codes', 'description', 'notes', 'missing_codes'])];
  for (const col of COLUMNS) {
    const list = col.codes ? codeList(col.codes) : null;
    const codes = list ? list.codes.map((c) => (list.labels[c] && list.labels[c] !== c ? `${c}=${list.labels[c]}` : c)).join(' | ') : null;
    const type = col.kind === 'therapies' ? 'text (encoded list)' : col.kind === 'letters' ? 'codes (list)' : col.kind;
    lines.push(csvLine([col.name, col.form, type, col.unit ?? null, col.requiredColumn, cellRule(col), codes, col.label, col.notes ?? null,
      col.missingCodes ? col.missingCodes.map((m) => `${m}=${missingLabel(m)}`).join(' | ') : null]));
  }
  return lines.join('\n') + '\n';
}
