/**
 * Inserts exchange records as new patients with the forms they hold: set-based multi-row inserts
 * (one statement per table per chunk, rows passed as one JSON parameter — far cheaper than
 * thousands of bind parameters), through the audit triggers like every other write. The column
 * lists and their PostgreSQL types are the data dictionary's (a field's column, its code list's
 * enum, its missing-code column), so a new field is written without an edit here.
 *
 * Used by the cohort import (write-patients.ts) and the demo seed (db/seed/seed-demo.ts), which runs
 * outside Next (tsx scripts/prepare-db.ts): hence no `server-only` here and relative imports. Call
 * inside a transaction with setAuditContext.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { CODE_LIST_DEFS, isNumericCodeList, missingColumn, missingKey, valueKey, type FieldDef } from '../dictionary';
import { exchangedFieldsOf, formParts, formValues, VALUE_FORMS, type FormPartStatus, type FormValues } from './form-parts';
import { tableNameOf, type TableForm } from './form-tables';
import type { ExchangePatient } from './patient';
import { codeListOf } from './record-fields';

export const WRITE_CHUNK = 1000;

type Rows = { rows: Record<string, unknown>[] };
const json = (v: unknown) => JSON.stringify(v);
/** Identifiers come from the dictionary and db/schema.ts, never from a file: quoting is for form, not safety. */
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface InsertOptions {
  /** Every form written with this status instead of the one its values give (the demo seed: complete). */
  status?: FormPartStatus;
  /** A subsequent-therapies form for every patient, also with no therapies (the demo seed's). */
  therapyFormForEach?: boolean;
  /** Multiple-choice fields left empty stored as null (not recorded) rather than the CRF's empty list (none ticked). */
  emptyChoicesAsNull?: boolean;
}

/** The PostgreSQL type of a field's value in the JSON rows (json for a list: expanded into text[] below). */
function pgType(f: FieldDef): string {
  switch (f.type) {
    case 'code': return isNumericCodeList(f.codeList) ? 'smallint' : CODE_LIST_DEFS[codeListOf(f)].name;
    case 'integer': return 'smallint';
    // The column keeps its own precision and scale (numeric(6,2) for β2-microglobulin).
    case 'decimal': return 'numeric';
    case 'codes': return 'json';
    default: return f.type;
  }
}

interface StoredColumn { column: string; type: string; key: string; list: boolean }

/** The stored columns of a form the record carries: each field's column, then its missing-code column. */
function storedColumns(form: TableForm): StoredColumn[] {
  return exchangedFieldsOf(form).flatMap((f) => {
    if (f.column === null) return [];
    const out: StoredColumn[] = [{ column: f.column, type: pgType(f), key: valueKey(f), list: f.type === 'codes' }];
    const missing = missingColumn(f);
    if (f.missingCodes && missing) out.push({ column: missing, type: CODE_LIST_DEFS.missing.name, key: missingKey(f), list: false });
    return out;
  });
}

/** One INSERT … SELECT FROM json_to_recordset for a form's rows (`extra`: columns written as given, before the form's). */
async function insertRows(
  tx: Tx, form: TableForm, extra: readonly { column: string; type: string }[], rows: readonly Record<string, unknown>[],
  tail: { columns: string[]; select: string[]; types: string[] }, emptyChoicesAsNull: boolean,
): Promise<Rows> {
  const cols = storedColumns(form);
  const select = [
    ...extra.map((c) => `x.${ident(c.column)}`),
    ...cols.map((c) => (c.list
      ? `CASE WHEN x.${ident(c.column)} IS NULL THEN ${emptyChoicesAsNull ? 'NULL' : "'{}'::text[]"} ELSE ARRAY(SELECT json_array_elements_text(x.${ident(c.column)})) END`
      : `x.${ident(c.column)}`)),
    ...tail.select,
  ];
  const types = [...extra.map((c) => `${ident(c.column)} ${c.type}`), ...cols.map((c) => `${ident(c.column)} ${c.type}`), ...tail.types];
  const names = [...extra.map((c) => c.column), ...cols.map((c) => c.column), ...tail.columns].map(ident);
  return (await tx.execute(sql`${sql.raw(`INSERT INTO ${ident(tableNameOf(form))} (${names.join(', ')}) SELECT ${select.join(', ')} FROM json_to_recordset(`)}${json(rows)}${sql.raw(`::json) AS x(${types.join(', ')})`)} RETURNING id`)) as unknown as Rows;
}

/** A form's values as a JSON row, keyed by column. */
function rowOf(form: TableForm, values: FormValues): Record<string, unknown> {
  return Object.fromEntries(storedColumns(form).map((c) => [c.column, values[c.key] ?? null]));
}

function seqOf(code: string): number {
  const seq = Number(code.slice(code.lastIndexOf('-') + 1));
  if (!Number.isInteger(seq) || seq < 1) throw new Error(`patient id ${code} does not end in a sequence number`);
  return seq;
}

/**
 * Inserts new patients with the forms their records hold (form-parts.ts: no values → no form; a
 * form missing a required value → draft; else complete) and the course those forms imply
 * (course_from_snapshot, migration 0014); calls onChunk after each chunk. Returns
 * the new patients' database ids by code.
 */
export async function insertExchangePatients(
  tx: Tx, list: readonly ExchangePatient[], centreIdByCode: ReadonlyMap<string, number>, actorId: number | null,
  onChunk?: (done: number) => Promise<void> | void, options: InsertOptions = {},
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const actor = actorId === null ? 'NULL::int' : `${Number(actorId)}::int`;
  const emptyNull = options.emptyChoicesAsNull ?? false;
  for (let i = 0; i < list.length; i += WRITE_CHUNK) {
    const chunk = list.slice(i, i + WRITE_CHUNK).map((p) => ({ p, parts: formParts(p) }));
    const pRows = chunk.map(({ p }) => {
      const centreId = centreIdByCode.get(p.centre);
      if (centreId === undefined) throw new Error(`patient ${p.id}: unknown centre ${p.centre}`);
      return { code: p.id, centre_id: centreId, seq: seqOf(p.id), ...rowOf('patient', formValues(p, 'patient')) };
    });
    const inserted = (await tx.execute(sql`${sql.raw(`INSERT INTO patients (code, centre_id, seq, ${storedColumns('patient').map((c) => ident(c.column)).join(', ')}, created_by, updated_by)
      SELECT x.code, x.centre_id, x.seq, ${storedColumns('patient').map((c) => `x.${ident(c.column)}`).join(', ')}, ${actor}, ${actor}
      FROM json_to_recordset(`)}${json(pRows)}${sql.raw(`::json) AS x(code text, centre_id int, seq int, ${storedColumns('patient').map((c) => `${ident(c.column)} ${c.type}`).join(', ')})
      RETURNING id, code`)}`)) as unknown as Rows;
    const idOf = new Map(inserted.rows.map((r) => [String(r.code), Number(r.id)]));
    for (const [code, id] of idOf) ids.set(code, id);
    const pid = (p: ExchangePatient) => idOf.get(p.id);
    const formTail = { columns: ['status', 'updated_by'], select: ['x.status::form_status', actor], types: ['status text'] };

    for (const { part, form } of VALUE_FORMS) {
      const rows = chunk.flatMap(({ p, parts }) => {
        const fp = parts[part];
        return fp ? [{ patient_id: pid(p), ...rowOf(form, fp.values), status: options.status ?? fp.status }] : [];
      });
      if (rows.length) await insertRows(tx, form, [{ column: 'patient_id', type: 'int' }], rows, formTail, emptyNull);
    }

    const withForm = chunk.filter(({ parts }) => options.therapyFormForEach || parts.therapies);
    if (withForm.length) {
      const forms = (await tx.execute(sql`
        INSERT INTO therapy_forms (patient_id, status, updated_by)
        SELECT x.patient_id, 'complete', ${actorId}::int FROM json_to_recordset(${json(withForm.map(({ p }) => ({ patient_id: pid(p) })))}::json) AS x(patient_id int)
        RETURNING id, patient_id`)) as unknown as Rows;
      const formOf = new Map(forms.rows.map((r) => [Number(r.patient_id), Number(r.id)]));
      const therapies = withForm.flatMap(({ p }) => p.subsequentTherapies.map((t, k) => ({
        form_id: formOf.get(pid(p) ?? -1), patient_id: pid(p), position: k + 1, regimen: t.regimen, start: t.startDate, best: t.response,
      })));
      if (therapies.length) {
        await tx.execute(sql`
          INSERT INTO subsequent_therapies (form_id, patient_id, position, regimen, start_date, best_response)
          SELECT x.form_id, x.patient_id, x.position, x.regimen, x.start, x.best::${sql.raw(ident(CODE_LIST_DEFS.response.name))}
          FROM json_to_recordset(${json(therapies)}::json) AS x(form_id int, patient_id int, position smallint, regimen text, start date, best text)`);
      }
    }
    // The course the snapshot forms imply (follow-up → visit 1, discontinuation AE → logged AE 1), so a
    // cohort imported or seeded here has its course like the data migration 0014 gave existing patients.
    // The function only acts on patients without a course: a second call changes nothing.
    await tx.execute(sql`SELECT public.course_from_snapshot(${`{${[...idOf.values()].join(',')}}`}::int[])`);
    await onChunk?.(Math.min(i + WRITE_CHUNK, list.length));
  }
  return ids;
}
