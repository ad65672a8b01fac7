import 'server-only';
/**
 * Reads patients with all their CRFs as exchange records (for exports and for the import's
 * "already there?" comparison). Set-based (a handful of queries whatever the cohort size), always
 * scoped: `centreIds` null = all centres.
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '@/db/client';
import {
  baselineForms, centres, discontinuationForms, followUpForms, patients, responseForms, subsequentTherapies, therapyForms,
} from '@/db/schema';
import { missingColumn } from '@/lib/dictionary';
import { FORM_TABLES, propertyOf, type TableForm } from './form-tables';
import type { ExchangePatient, ExchangeTherapy } from './patient';
import { EXCHANGE_FIELDS, keyOf, layoutOf, requiredInRecord, type ExchangeField } from './record-fields';
import type { FormState, RecordState, StateStatus } from './record-state';

export interface LoadedPatient {
  dbId: number;
  centreId: number;
  centreCity: string;
  /** Some CRF of the patient is locked: an import must not change it. */
  locked: boolean;
  /** Versions and statuses of the patient row and its forms (record-state.ts). */
  state: RecordState;
  patient: ExchangePatient;
}

export interface LoadFilter { centreIds: number[] | null; codes?: string[] }

const lockedSql = (col: SQL | AnyPgColumn) => sql`coalesce(${col} = 'locked', false)`;

const tableOf = (f: ExchangeField) => FORM_TABLES[f.form as TableForm] as unknown as Record<string, AnyPgColumn>;
/** Select keys of a field's value and of its missing-data code (by CSV column: unique). */
const valueAlias = (f: ExchangeField) => `v:${f.exchange.column}`;
const missingAlias = (f: ExchangeField) => `m:${f.exchange.column}`;

/** Every exchanged field's stored column (and missing-code column), from the dictionary. */
function fieldSelection(): Record<string, AnyPgColumn> {
  const out: Record<string, AnyPgColumn> = {};
  for (const f of EXCHANGE_FIELDS) {
    if (f.column === null) continue;
    const table = tableOf(f);
    const prop = (column: string) => {
      const col = table[propertyOf(f.form as TableForm, column)];
      if (!col) throw new Error(`no column ${column} for ${f.name}`);
      return col;
    };
    out[valueAlias(f)] = prop(f.column);
    const missing = missingColumn(f);
    if (f.missingCodes && missing) out[missingAlias(f)] = prop(missing);
  }
  return out;
}

/**
 * A loaded row as an exchange record, in record order (record-fields.ts layoutOf). A nested part is
 * there when a value it cannot be without is stored (a discontinuation's date or reason, an adverse
 * event's term, organ class or grade). The CRF stores "none ticked" as an empty list: the record,
 * like the CSV cell, says null.
 */
function recordOf(r: Record<string, unknown>, therapies: ExchangeTherapy[]): ExchangePatient {
  const value = (f: ExchangeField) => {
    const v = r[valueAlias(f)] ?? null;
    return Array.isArray(v) && v.length === 0 ? null : v;
  };
  const build = (part: string): Record<string, unknown> | null => {
    if (part !== '' && !EXCHANGE_FIELDS.some((f) => f.exchange.path.startsWith(`${part}.`) && requiredInRecord(f) && value(f) !== null)) return null;
    return Object.fromEntries(layoutOf(part).map((e) => (e.kind === 'field' ? [keyOf(e.field.exchange.path), value(e.field)]
      : e.kind === 'part' ? [keyOf(e.path), build(e.path)] : ['subsequentTherapies', therapies])));
  };
  const record: Record<string, unknown> = { id: r.code, centre: r.centre, ...build('') };
  const missing = Object.fromEntries(EXCHANGE_FIELDS.filter((f) => f.missingCodes && r[missingAlias(f)] != null).map((f) => [f.exchange.column, r[missingAlias(f)]]));
  if (Object.keys(missing).length) record.missing = missing;
  return record as unknown as ExchangePatient;
}

export async function loadExchangePatients(db: Db | Tx, f: LoadFilter): Promise<LoadedPatient[]> {
  const conds: (SQL | undefined)[] = [];
  if (f.centreIds !== null) conds.push(f.centreIds.length ? inArray(patients.centreId, f.centreIds) : sql`false`);
  if (f.codes) conds.push(f.codes.length ? sql`${patients.code} IN (SELECT json_array_elements_text(${JSON.stringify(f.codes)}::json))` : sql`false`);
  const rows = await db.select({
    dbId: patients.id, code: patients.code, centreId: patients.centreId, centre: centres.code, city: centres.city, version: patients.version,
    b_v: baselineForms.version, b_s: baselineForms.status, r_v: responseForms.version, r_s: responseForms.status,
    d_v: discontinuationForms.version, d_s: discontinuationForms.status, t_v: therapyForms.version, t_s: therapyForms.status,
    f_v: followUpForms.version, f_s: followUpForms.status,
    ...fieldSelection(),
    locked: sql<boolean>`(${lockedSql(baselineForms.status)} OR ${lockedSql(responseForms.status)} OR ${lockedSql(discontinuationForms.status)}
      OR ${lockedSql(followUpForms.status)} OR ${lockedSql(therapyForms.status)})`,
  })
    .from(patients)
    .innerJoin(centres, eq(centres.id, patients.centreId))
    .leftJoin(baselineForms, eq(baselineForms.patientId, patients.id))
    .leftJoin(responseForms, eq(responseForms.patientId, patients.id))
    .leftJoin(discontinuationForms, eq(discontinuationForms.patientId, patients.id))
    .leftJoin(therapyForms, eq(therapyForms.patientId, patients.id))
    .leftJoin(followUpForms, eq(followUpForms.patientId, patients.id))
    .where(and(...conds))
    .orderBy(asc(patients.code));

  const therapies = new Map<number, ExchangeTherapy[]>();
  if (rows.length) {
    const ids = rows.map((r) => r.dbId);
    const tr = await db.select({
      patientId: subsequentTherapies.patientId, regimen: subsequentTherapies.regimen,
      response: subsequentTherapies.bestResponse, startDate: subsequentTherapies.startDate,
    }).from(subsequentTherapies)
      .where(and(eq(subsequentTherapies.deleted, false), sql`${subsequentTherapies.patientId} IN (SELECT json_array_elements_text(${JSON.stringify(ids)}::json)::int)`))
      .orderBy(asc(subsequentTherapies.patientId), asc(subsequentTherapies.position));
    for (const t of tr) {
      const list = therapies.get(t.patientId) ?? [];
      list.push({ regimen: t.regimen, response: t.response, startDate: t.startDate });
      therapies.set(t.patientId, list);
    }
  }

  return rows.map((r): LoadedPatient => ({
    dbId: r.dbId, centreId: r.centreId, centreCity: r.city, locked: Boolean(r.locked),
    state: { version: r.version, forms: {
      baseline: formState(r.b_v, r.b_s), response: formState(r.r_v, r.r_s), discontinuation: formState(r.d_v, r.d_s),
      therapies: formState(r.t_v, r.t_s), followUp: formState(r.f_v, r.f_s),
    } },
    // Forms not started are null values, drafts may lack some: exported as empty cells and
    // re-imported as the same forms (lib/exchange/form-parts.ts).
    patient: recordOf(r as unknown as Record<string, unknown>, therapies.get(r.dbId) ?? []),
  }));
}

const formState = (version: number | null, status: StateStatus | null): FormState | null =>
  version === null || status === null ? null : { version, status };
