/**
 * The dictionary and db/schema.ts must describe the same columns. The tables stay hand-written (see
 * docs/data-dictionary.md, "Why the tables are not generated"), so this test is what keeps them in step:
 * a dictionary entry without its column, a column without its entry, a type, an enum's codes or a
 * missing-code column that disagree — each fails here with the field's name.
 */
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import {
  adverseEvents, baselineForms, discontinuationForms, doseInterruptions, dosePeriods, followUpForms, molecularTests, patients,
  responseForms, subsequentTherapies, visits,
} from '@/db/schema';
import { CODE_LIST_DEFS, FIELDS, fieldsOf, missingColumn, type DictForm, type FieldDef } from './index';

const TABLES: Record<Exclude<DictForm, never>, PgTable> = {
  patient: patients, baseline: baselineForms, response: responseForms, discontinuation: discontinuationForms,
  therapies: subsequentTherapies, 'follow-up': followUpForms, visit: visits, 'adverse-event': adverseEvents,
  'dose-period': dosePeriods, interruption: doseInterruptions, 'molecular-test': molecularTests,
};

/** Columns that are bookkeeping, not captured data: keys, workflow, signatures, stamps. */
const BOOKKEEPING = new Set([
  'id', 'patient_id', 'form_id', 'position', 'deleted', 'status', 'version', 'updated_by', 'created_by', 'signed_by_name',
  'signed_by_user_id', 'signed_at', 'signature_meaning', 'created_at', 'updated_at', 'code', 'centre_id', 'seq', 'entered_in_error',
]);

type ColumnInfo = PgColumn & { enumValues?: string[]; precision?: number; scale?: number; baseColumn?: PgColumn };

function columnsOf(table: PgTable): Map<string, ColumnInfo> {
  return new Map(getTableConfig(table).columns.map((c) => [c.name, c as ColumnInfo]));
}

/** The drizzle column type(s) a dictionary type is stored as. */
function expectedColumnType(f: FieldDef): string[] {
  switch (f.type) {
    case 'date': return ['PgDateString', 'PgDate'];
    case 'integer': return ['PgSmallInt', 'PgInteger'];
    case 'decimal': return ['PgNumericNumber', 'PgNumeric'];
    case 'code': return ['PgEnumColumn'];
    case 'codes': return ['PgArray'];
    case 'boolean': return ['PgBoolean'];
    case 'text': return ['PgText'];
  }
}

const stored = (f: FieldDef) => f.column !== null && f.entry !== 'form-only';

describe('the data dictionary and db/schema.ts', () => {
  for (const f of FIELDS.filter(stored) as FieldDef[]) {
    it(`${f.form}.${f.name} is a ${f.type} column ${f.column}`, () => {
      const cols = columnsOf(TABLES[f.form]);
      const col = cols.get(f.column ?? '');
      expect(col, `db/schema.ts has no column ${f.column} for the dictionary field ${f.name}`).toBeDefined();
      if (!col) return;
      expect(expectedColumnType(f)).toContain(col.columnType);
      if (f.type === 'code') expect(col.enumValues).toEqual([...CODE_LIST_DEFS[f.codeList ?? 'sex'].codes]);
      if (f.type === 'decimal' && f.scale !== undefined) expect(col.scale).toBe(f.scale);
      if (f.type === 'codes') expect(col.baseColumn?.columnType).toBe('PgText');
      const missing = cols.get(missingColumn(f) ?? '');
      if (f.missingCodes) {
        expect(missing, `${f.name} may record missing-data codes, so db/schema.ts needs ${missingColumn(f)}`).toBeDefined();
        expect(missing?.enumValues).toEqual([...CODE_LIST_DEFS.missing.codes]);
        for (const code of f.missingCodes) expect(CODE_LIST_DEFS.missing.codes).toContain(code);
      } else {
        expect(missing, `${missingColumn(f)} exists but ${f.name} lists no missing-data codes`).toBeUndefined();
      }
    });
  }

  for (const [form, table] of Object.entries(TABLES) as [DictForm, PgTable][]) {
    it(`every data column of ${getTableConfig(table).name} is in the dictionary`, () => {
      const known = new Set(fieldsOf(form).filter(stored).flatMap((f) => [f.column, missingColumn(f)]));
      const orphans = [...columnsOf(table).keys()].filter((c) => !BOOKKEEPING.has(c) && !known.has(c));
      expect(orphans, 'columns of db/schema.ts with no dictionary entry').toEqual([]);
    });
  }

  it('every enum of db/schema.ts that a code list names has exactly its codes', async () => {
    const schema = await import('@/db/schema');
    const enums = Object.values(schema).filter((v): v is typeof schema.sexEnum => typeof v === 'function' && 'enumName' in v);
    for (const list of Object.values(CODE_LIST_DEFS)) {
      const e = enums.find((x) => x.enumName === list.name);
      if (e) expect([...e.enumValues], list.name).toEqual([...list.codes]);
    }
  });
});
