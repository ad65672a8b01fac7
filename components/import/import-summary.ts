/**
 * What the import page says about a clean check report, and whether it offers the import button:
 * a file whose every patient is already in the registry as given has nothing to import, so the page
 * says so instead of offering "Import 0 patients" (issue 16, defect 9).
 */
export interface CheckedCounts {
  rows: number; newPatients: number; updatedPatients: number; unchangedPatients: number;
  /** The long format of the course counts instances (visits, adverse events, …), not patients. */
  layout?: 'long'; newRecords?: number; updatedRecords?: number; unchangedRecords?: number;
}

export interface ImportSummary { text: string; button: string | null }

export function importSummary(r: CheckedCounts): ImportSummary {
  if (r.layout === 'long') return longSummary(r.newRecords ?? 0, r.updatedRecords ?? 0, r.unchangedRecords ?? 0);
  const toImport = r.newPatients + r.updatedPatients;
  if (toImport === 0) {
    return {
      text: `nothing to import: ${r.unchangedPatients === 1 ? 'the patient is' : `all ${r.unchangedPatients} patients are`} already in the registry as the file gives them.`,
      button: null,
    };
  }
  return {
    text: `ready to import: ${r.newPatients} new, ${r.updatedPatients} changed, ${r.unchangedPatients} unchanged (skipped).`,
    button: `Import ${toImport} patient${toImport === 1 ? '' : 's'}`,
  };
}

function longSummary(added: number, changed: number, unchanged: number): ImportSummary {
  const toImport = added + changed;
  if (toImport === 0) {
    return { text: `nothing to import: ${unchanged === 1 ? 'the record is' : `all ${unchanged} records are`} already in the registry as the file gives them.`, button: null };
  }
  return {
    text: `ready to import: ${added} new record${added === 1 ? '' : 's'}, ${changed} changed, ${unchanged} unchanged (skipped).`,
    button: `Import ${toImport} record${toImport === 1 ? '' : 's'}`,
  };
}
