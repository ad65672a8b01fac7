/** Analysis-ready CSV and JSON exports: one row/record per patient, the import's own format. */
import { csvHeader, csvLine, patientCells } from './csv-format';
import { deriveColumns } from './derived';
import type { ExchangePatient } from './patient';

export interface ExportPatient { patient: ExchangePatient; centreCity: string }
export interface ExportCentre { code: string; name: string; city: string }

export function cohortCsv(list: readonly ExportPatient[]): string {
  const lines = [csvHeader()];
  for (const { patient, centreCity } of list) lines.push(csvLine(patientCells(patient, deriveColumns(patient, centreCity))));
  return lines.join('\n') + '\n';
}

/** JSON in db/seed/demo-cohort.json's shape (plus the registry's further fields); re-importable. */
export function cohortJson(list: readonly ExportPatient[], centres: readonly ExportCentre[], exportedAt: string): string {
  const used = new Set(list.map((p) => p.patient.centre));
  return JSON.stringify({
    format: 'cll-registry-cohort', version: 1, exportedAt,
    centres: centres.filter((c) => used.has(c.code)).map((c) => ({ code: c.code, name: c.name, city: c.city })),
    patients: list.map((p) => p.patient),
  }, null, 1) + '\n';
}
