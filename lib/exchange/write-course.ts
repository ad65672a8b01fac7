import 'server-only';
/**
 * Writes the long import's instances: new ones inserted, changed ones updated at the version the
 * plan read and never when locked (version + 1, e-signature cleared, status from the values as the
 * cohort import gives it), set-based per kind (one statement per kind and verb, rows as one JSON
 * parameter), through the audit triggers like every other write. Kinds are written in
 * lib/dictionary/records.ts order, so an adverse event a dose period or interruption links to is
 * there first. Call inside a transaction with setAuditContext.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { CODE_LIST_DEFS, isNumericCodeList, missingColumn, RECORDS, valueKey, type FieldDef, type RecordKind } from '@/lib/dictionary';
import { ServiceError } from '@/lib/services/errors';
import type { StoredInstance } from './load-course';
import { longFields, type ParsedInstance } from './long-format';

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

function pgType(f: FieldDef): string {
  if (f.type === 'code') return isNumericCodeList(f.codeList) ? 'smallint' : ident(CODE_LIST_DEFS[f.codeList ?? 'sex'].name);
  if (f.type === 'integer') return 'smallint';
  if (f.type === 'decimal') return 'numeric';
  return f.type;
}

interface Col { column: string; type: string; value: (i: ParsedInstance) => unknown }

function columnsOf(kind: RecordKind): Col[] {
  return longFields(kind).flatMap((f) => {
    const key = valueKey(f);
    const out: Col[] = [{ column: f.column ?? '', type: pgType(f), value: (i) => i.values[key] ?? null }];
    const missing = missingColumn(f);
    if (f.missingCodes && missing) out.push({ column: missing, type: ident(CODE_LIST_DEFS.missing.name), value: (i) => i.missing[key] ?? null });
    return out;
  });
}

export interface CourseWrites {
  insert: { kind: RecordKind; patientDbId: number; inst: ParsedInstance }[];
  update: { kind: RecordKind; patientDbId: number; stored: StoredInstance; inst: ParsedInstance }[];
}

export async function writeCourse(tx: Tx, writes: CourseWrites, actorId: number): Promise<void> {
  for (const def of RECORDS) {
    const cols = columnsOf(def.kind);
    const names = cols.map((c) => ident(c.column));
    const types = cols.map((c) => `${ident(c.column)} ${c.type}`);
    const inserts = writes.insert.filter((w) => w.kind === def.kind);
    if (inserts.length) {
      const rows = inserts.map((w) => ({
        patient_id: w.patientDbId, seq: w.inst.seq, entered_in_error: w.inst.enteredInError, status: w.inst.status,
        ...Object.fromEntries(cols.map((c) => [c.column, c.value(w.inst)])),
      }));
      await tx.execute(sql`${sql.raw(`INSERT INTO ${ident(def.table)} (patient_id, seq, entered_in_error, status, updated_by, ${names.join(', ')})
        SELECT x.patient_id, x.seq, x.entered_in_error, x.status::form_status, ${Number(actorId)}, ${names.map((n) => `x.${n}`).join(', ')}
        FROM json_to_recordset(`)}${JSON.stringify(rows)}${sql.raw(`::json) AS x(patient_id int, seq smallint, entered_in_error boolean, status text, ${types.join(', ')})`)}`);
    }
    const updates = writes.update.filter((w) => w.kind === def.kind);
    if (updates.length) {
      const rows = updates.map((w) => ({
        id: w.stored.id, version: w.stored.version, entered_in_error: w.inst.enteredInError, status: w.inst.status,
        ...Object.fromEntries(cols.map((c) => [c.column, c.value(w.inst)])),
      }));
      const res = (await tx.execute(sql`${sql.raw(`UPDATE ${ident(def.table)} t SET ${names.map((n) => `${n} = x.${n}`).join(', ')},
          entered_in_error = x.entered_in_error, status = x.status::form_status, version = t.version + 1, updated_by = ${Number(actorId)}, updated_at = now(),
          signed_by_name = NULL, signed_by_user_id = NULL, signed_at = NULL, signature_meaning = NULL
        FROM json_to_recordset(`)}${JSON.stringify(rows)}${sql.raw(`::json) AS x(id int, version int, entered_in_error boolean, status text, ${types.join(', ')})
        WHERE t.id = x.id AND t.version = x.version AND t.status <> 'locked' RETURNING t.id`)}`)) as unknown as { rows: unknown[] };
      // The plan read these versions under the patients' row locks: a difference is a bug, never a race to ignore.
      if (res.rows.length !== updates.length) throw new ServiceError('An instance changed while the import was writing it; nothing was imported.', 'conflict');
    }
  }
}
