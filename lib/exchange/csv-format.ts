/**
 * The cohort CSV: one row per patient, columns of ./codes.ts in order. Written like R's write.csv
 * (text and codes quoted, numbers and TRUE/FALSE bare, missing = empty, "\n" line ends), so the demo
 * cohort's file and our export have the same shape.
 *
 * Formula injection: a text cell beginning with = + - @ tab or CR is written with a leading
 * apostrophe ('=…), which spreadsheets show as text; the import strips that apostrophe again, so
 * an export re-imports to the same value. Such text without the apostrophe is refused on import.
 * Text that starts with an apostrophe gets one more, and the text "NA" (which a cell would read as
 * a missing value) is written 'NA, so export → import is the identity for every text.
 */
import { COLUMNS, type ColumnDef } from './codes';
import type { DerivedValues } from './derived';
import type { ExchangePatient } from './patient';
import { escapeFormula } from '@/lib/csv/formula';
import { encodeTherapies } from './therapies-codec';

export type Cell = string | number | boolean | null;

export { escapeFormula, unescapeFormula } from '@/lib/csv/formula';

export function formatCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return String(v);
  const text = v.trim() === 'NA' ? `'${v}` : escapeFormula(v);
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvLine(cells: readonly Cell[]): string {
  return cells.map(formatCell).join(',');
}

export function csvHeader(names: readonly string[] = COLUMNS.map((c) => c.name)): string {
  return names.map((n) => `"${n}"`).join(',');
}

/** A patient's cells in column order. */
export function patientCells(p: ExchangePatient, derived: DerivedValues): Cell[] {
  const d = p.discontinuation;
  const ae = d?.adverseEvent ?? null;
  const values: Record<string, Cell> = {
    id: p.id, centre: p.centre, sex: p.sex, birthYear: p.birthYear, ibrutinibStart: p.ibrutinibStart,
    ageAtStart: p.ageAtStart, ecog: p.ecog, raiStage: p.raiStage, del17p: p.del17p, priorLines: p.priorLines,
    bestResponse: p.bestResponse, disc_date: d?.date ?? null, disc_reason: d?.reason ?? null,
    disc_progressionType: d?.progressionType ?? null, disc_rtHistology: d?.rtHistology ?? null,
    disc_cnsInvolvement: d?.cnsInvolvement ?? null, ae_term: ae?.term ?? null, ae_soc: ae?.soc ?? null,
    ae_grade: ae?.grade ?? null, ae_etiology: ae?.etiology ?? null, ae_paperLabel: ae?.verbatim ?? null,
    subsequentTherapies: p.subsequentTherapies.length ? encodeTherapies(p.subsequentTherapies) : null,
    vitalStatus: p.vitalStatus, deathDate: p.deathDate, deathCause: p.deathCause, lastContactDate: p.lastContactDate,
    binetStage: p.binetStage, ighv: p.ighv, priorPurineAnalogue: p.priorPurineAnalogue, priorAntiCd20: p.priorAntiCd20,
    inclusionCriteria: p.inclusionCriteria?.length ? p.inclusionCriteria.join(';') : null,
    response_assessedDate: p.responseAssessedDate, disc_reasonOther: d?.reasonOther ?? null,
    disc_resistanceMutations: d?.resistanceMutations ?? null, ae_onsetDate: ae?.onsetDate ?? null,
    deathCauseOther: p.deathCauseOther, patientStatus: p.status,
    ...derived,
  };
  return COLUMNS.map((col) => values[col.name] ?? null);
}

/** Maps a field path of the exchange record to the CSV column that carries it. */
export function columnOfPath(path: string): string {
  const direct: Record<string, string> = {
    status: 'patientStatus', responseAssessedDate: 'response_assessedDate',
    'discontinuation.adverseEvent.verbatim': 'ae_paperLabel', 'discontinuation.adverseEvent.onsetDate': 'ae_onsetDate',
    'discontinuation.reasonOther': 'disc_reasonOther', 'discontinuation.resistanceMutations': 'disc_resistanceMutations',
    discontinuation: 'disc_date', 'discontinuation.adverseEvent': 'ae_term',
  };
  if (direct[path]) return direct[path];
  if (path.startsWith('subsequentTherapies')) return 'subsequentTherapies';
  if (path.startsWith('discontinuation.adverseEvent.')) return `ae_${path.slice('discontinuation.adverseEvent.'.length)}`;
  if (path.startsWith('discontinuation.')) return `disc_${path.slice('discontinuation.'.length)}`;
  return path;
}

export type { ColumnDef };
