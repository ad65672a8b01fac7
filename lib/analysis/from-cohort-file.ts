/**
 * The cohort file format (db/seed/demo-cohort.json, the JSON import) as analysis rows, so unit tests
 * compute the paper's figures straight from the file, with the same code the pages use.
 */
import type { CohortFile } from '@/db/seed/cohort-types';
import { dayOrNull } from './dates';
import type { CohortRow } from './types';

export function rowsFromCohortFile(file: CohortFile): CohortRow[] {
  return file.patients.map((p, i): CohortRow => {
    const d = p.discontinuation;
    const ae = d?.adverseEvent ?? null;
    return {
      patientId: i + 1,
      code: p.id,
      centreCode: p.centre,
      sex: p.sex,
      ageAtStart: p.ageAtStart,
      ecog: p.ecog,
      raiStage: p.raiStage,
      binetStage: null,
      del17p: p.del17p,
      ighv: null,
      priorLines: p.priorLines,
      start: dayOrNull(p.ibrutinibStart),
      bestResponse: p.bestResponse,
      discontinued: d !== null,
      discDate: dayOrNull(d?.date),
      discReason: d?.reason ?? null,
      reasonOther: null,
      aeTerm: ae?.term ?? null,
      aeSoc: ae?.soc ?? null,
      aeVerbatim: ae?.verbatim ?? null,
      aeGrade: ae?.grade ?? null,
      aeEtiology: ae?.etiology ?? null,
      progressionType: d?.progressionType ?? null,
      rtHistology: d?.rtHistology ?? null,
      cnsInvolvement: d?.cnsInvolvement ?? null,
      vitalStatus: p.vitalStatus,
      lastContact: dayOrNull(p.lastContactDate),
      deathDate: dayOrNull(p.deathDate),
      deathCause: p.deathCause,
      deathCauseOther: null,
      baselineStatus: 'complete',
      responseStatus: 'complete',
      discontinuationStatus: d ? 'complete' : null,
      followUpStatus: 'complete',
    };
  });
}
