import { describe, expect, it } from 'vitest';
import { importSummary } from './import-summary';

describe('import page summary (issue 16, defect 9)', () => {
  it('says there is nothing to import for an unchanged file, and offers no button', () => {
    expect(importSummary({ rows: 165, newPatients: 0, updatedPatients: 0, unchangedPatients: 165 })).toEqual({
      text: 'nothing to import: all 165 patients are already in the registry as the file gives them.', button: null,
    });
  });
  it('offers to import the new and changed patients', () => {
    expect(importSummary({ rows: 3, newPatients: 1, updatedPatients: 1, unchangedPatients: 1 })).toEqual({
      text: 'ready to import: 1 new, 1 changed, 1 unchanged (skipped).', button: 'Import 2 patients',
    });
    expect(importSummary({ rows: 1, newPatients: 1, updatedPatients: 0, unchangedPatients: 0 }).button).toBe('Import 1 patient');
  });
  it('counts records for the long format of the course', () => {
    const long = { rows: 9, newPatients: 0, updatedPatients: 1, unchangedPatients: 2, layout: 'long' as const };
    expect(importSummary({ ...long, newRecords: 2, updatedRecords: 1, unchangedRecords: 6 })).toEqual({
      text: 'ready to import: 2 new records, 1 changed, 6 unchanged (skipped).', button: 'Import 3 records',
    });
    expect(importSummary({ ...long, newRecords: 0, updatedRecords: 0, unchangedRecords: 9 })).toEqual({
      text: 'nothing to import: all 9 records are already in the registry as the file gives them.', button: null,
    });
  });
});
