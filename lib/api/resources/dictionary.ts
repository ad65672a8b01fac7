import 'server-only';
/**
 * GET /api/v1/dictionary: the data dictionary, machine-readable — every field with its form, key,
 * label, type, unit, limits, required-ness and conditions, its codes with labels and the
 * missing-data codes it takes; the code lists; the missing-data codes. Clients label factors with it.
 */
import {
  CODE_LIST_DEFS, FIELDS, MISSING_CODES, codeLabel, fieldLabel, missingLabel, valueKey, type CodeListKey, type FieldDef,
} from '@/lib/dictionary';
import { csvHeader, csvLine } from '@/lib/exchange/csv-format';
import { parseListQuery } from '../paging';
import type { ApiHandler } from '../route';
import { API_FORMS, type DictionaryDocument } from '../schemas';

const codes = (key: CodeListKey) => CODE_LIST_DEFS[key].codes.map((code) => ({ code, label: codeLabel(key, code) }));

export function dictionaryDocument(): DictionaryDocument {
  const fields = (FIELDS as readonly FieldDef[]).filter((f) => f.column !== null && f.entry !== 'form-only').map((f) => ({
    name: f.name, key: valueKey(f), form: f.form, label: fieldLabel(f.name), type: f.type, unit: f.unit ?? null,
    min: f.min ?? null, max: f.max ?? null, maxLength: f.maxLength ?? null, required: f.required ?? null,
    requiredWhen: f.requiredWhen ? { field: f.requiredWhen.field, in: [...f.requiredWhen.in] } : null,
    onlyWhen: f.onlyWhen ? { field: f.onlyWhen.field, in: [...f.onlyWhen.in] } : null,
    computed: f.entry === 'computed', codeList: f.codeList ?? null, codes: f.codeList ? codes(f.codeList) : null,
    missingCodes: f.missingCodes ? f.missingCodes.map((code) => ({ code, label: missingLabel(code) })) : null,
    exportColumn: f.exchange?.column ?? null,
  }));
  return {
    forms: ['patient', ...API_FORMS],
    fields,
    codeLists: Object.fromEntries((Object.keys(CODE_LIST_DEFS) as CodeListKey[]).map((k) => [k, codes(k)])),
    missingCodes: MISSING_CODES.map((code) => ({ code, label: missingLabel(code) })),
  };
}

/** CSV columns: one row per field and code (a field without codes: one row, code empty), for clients without a JSON parser (base R). */
export const DICTIONARY_CSV_COLUMNS = ['key', 'name', 'form', 'label', 'type', 'unit', 'codeList', 'code', 'codeLabel', 'missingCodes'] as const;

export function dictionaryCsv(doc: DictionaryDocument): string {
  const lines = [csvHeader(DICTIONARY_CSV_COLUMNS)];
  for (const f of doc.fields) {
    const base = [f.key, f.name, f.form, f.label, f.type, f.unit, f.codeList];
    const missing = f.missingCodes ? f.missingCodes.map((c) => c.code).join(';') : null;
    for (const c of f.codes ?? [null]) lines.push(csvLine([...base, c?.code ?? null, c?.label ?? null, missing]));
  }
  return lines.join('\n') + '\n';
}

export const getDictionary: ApiHandler = async ({ url }) => {
  const q = parseListQuery(url.searchParams, { formats: ['json', 'csv'] });
  const doc = dictionaryDocument();
  if (q.format === 'csv') {
    const body = dictionaryCsv(doc);
    return {
      kind: 'stream', contentType: 'text/csv; charset=utf-8', fileName: 'dictionary.csv',
      chunks: async function* (counter) { counter.rows = doc.fields.length; yield body; },
    };
  }
  return { kind: 'json', rows: doc.fields.length, body: doc };
};
