/**
 * Edit checks across fields (domain.md "Consistency rules"), on a patient that passed the field
 * schema. Each issue names the field path it belongs to, so the CSV report can name the column.
 * The CRF forms' own cross-form rules (lib/validation/cross-form-rules.ts) run on every imported
 * row too, so the import refuses exactly what a form save would; the checks below add the ones an
 * import needs beyond them (id ↔ centre, age ↔ birth year, codes that must come in pairs).
 */
import { checkCrossFormRules, type PatientRecord, type RuleIssue as FormRuleIssue } from '@/lib/validation/cross-form-rules';
import { todayIso } from './dates';
import type { ExchangePatient } from './patient';

export interface RuleIssue { path: string; message: string }

export function checkPatientRules(p: ExchangePatient): RuleIssue[] {
  const out: RuleIssue[] = [];
  const add = (path: string, message: string) => out.push({ path, message });
  const start = p.ibrutinibStart;
  const d = p.discontinuation;
  const ae = d?.adverseEvent ?? null;

  if (!p.id.startsWith(`${p.centre}-`)) add('id', `does not belong to centre ${p.centre} (an id starts with its centre code)`);
  const startYear = Number(start.slice(0, 4));
  if (p.birthYear > startYear - 18) add('birthYear', `makes the patient younger than 18 at ibrutinib start (${start})`);
  if (p.ageAtStart !== null) {
    const diff = startYear - p.birthYear;
    if (p.ageAtStart !== diff && p.ageAtStart !== diff - 1) {
      add('ageAtStart', `${p.ageAtStart} does not fit birth year ${p.birthYear} and start ${start} (expected ${diff - 1} or ${diff})`);
    }
  }
  if (p.responseAssessedDate !== null && p.responseAssessedDate < start) add('responseAssessedDate', 'is before ibrutinib start');

  if (d) {
    if (d.date < start) add('discontinuation.date', `is before ibrutinib start (${start})`);
    if (d.reason === 'progression' && d.progressionType === null) add('discontinuation.progressionType', 'is required when the reason is progression');
    if (d.reason !== 'progression' && d.progressionType !== null) add('discontinuation.progressionType', 'is only for the reason progression');
    if (d.rtHistology !== null && d.progressionType !== 'RT') add('discontinuation.rtHistology', 'is only for a Richter transformation (progression type RT)');
    if (d.reason === 'other' && d.reasonOther === null) add('discontinuation.reasonOther', 'is required when the reason is other');
    if (d.reason === 'adverse_event' && !ae) add('discontinuation.adverseEvent.term', 'is required when the reason is adverse_event (term, organ class and grade)');
    if (d.reason !== 'adverse_event' && ae) add('discontinuation.adverseEvent.term', 'is only for the reason adverse_event');
    if (ae?.onsetDate && ae.onsetDate > d.date) add('discontinuation.adverseEvent.onsetDate', 'is after the discontinuation date');
    if (ae?.grade === 5 && p.vitalStatus !== 'dead') add('discontinuation.adverseEvent.grade', 'is 5 (death) but the patient is not recorded as dead');
  }

  if (p.vitalStatus === 'dead') {
    if (p.deathDate === null) add('deathDate', 'is required when the vital status is dead');
    if (p.deathCause === null) add('deathCause', 'is required when the vital status is dead');
  } else {
    if (p.deathDate !== null) add('deathDate', `is given but the vital status is ${p.vitalStatus}`);
    if (p.deathCause !== null) add('deathCause', `is given but the vital status is ${p.vitalStatus}`);
  }
  if (p.deathCause === 'other' && p.deathCauseOther === null) add('deathCauseOther', 'is required when the cause of death is other');
  if (p.deathCause !== 'other' && p.deathCauseOther !== null) add('deathCauseOther', 'is only for the cause of death other');
  if (p.deathDate !== null) {
    if (p.deathDate < start) add('deathDate', `is before ibrutinib start (${start})`);
    if (d && p.deathDate < d.date) add('deathDate', `is before the discontinuation date (${d.date})`);
  }

  // Last contact is the latest date on record.
  const dated: [string, string | null | undefined][] = [
    ['ibrutinibStart', start], ['responseAssessedDate', p.responseAssessedDate], ['discontinuation.date', d?.date],
    ['discontinuation.adverseEvent.onsetDate', ae?.onsetDate], ['deathDate', p.deathDate],
    ...p.subsequentTherapies.map((t, i): [string, string | null] => [`subsequentTherapies.${i}.startDate`, t.startDate]),
  ];
  for (const [field, value] of dated) {
    if (value && value > p.lastContactDate) add('lastContactDate', `is before ${field.replace(/^.*\./, '')} (${value}); last contact must be the latest date`);
  }
  if (p.deathDate !== null && p.lastContactDate > p.deathDate) add('lastContactDate', `is after the date of death (${p.deathDate})`);

  p.subsequentTherapies.forEach((t, i) => {
    if (t.startDate && t.startDate < start) add(`subsequentTherapies.${i}.startDate`, 'is before ibrutinib start');
    if (t.startDate && d && t.startDate < d.date) add(`subsequentTherapies.${i}.startDate`, 'is before the ibrutinib discontinuation');
  });
  if (p.subsequentTherapies.length && !d) add('subsequentTherapies', 'are recorded but ibrutinib was not discontinued');

  // The forms' edit checks; an issue on a field already reported above is not repeated.
  const reported = new Set(out.map((i) => i.path));
  for (const i of checkCrossFormRules(toPatientRecord(p), todayIso())) {
    const path = pathOfFormIssue(i);
    if (!reported.has(path)) out.push({ path, message: i.message });
  }
  return out;
}

/** The exchange record as the CRF rules see it. */
export function toPatientRecord(p: ExchangePatient): PatientRecord {
  const d = p.discontinuation;
  const ae = d?.adverseEvent ?? null;
  return {
    birthYear: p.birthYear,
    baseline: { ibrutinibStart: p.ibrutinibStart, ageAtStart: p.ageAtStart },
    response: { assessedDate: p.responseAssessedDate },
    discontinuation: d ? {
      lastDoseDate: d.date, reason: d.reason, aeTerm: ae?.term ?? null, aeGrade: ae?.grade ?? null, aeOnsetDate: ae?.onsetDate ?? null,
      progressionType: d.progressionType, rtHistology: d.rtHistology,
    } : null,
    therapies: p.subsequentTherapies.map((t) => ({ startDate: t.startDate })),
    followUp: { vitalStatus: p.vitalStatus, lastContactDate: p.lastContactDate, deathDate: p.deathDate, deathCause: p.deathCause },
  };
}

const DISC_FIELDS: Record<string, string> = {
  lastDoseDate: 'discontinuation.date', aeOnsetDate: 'discontinuation.adverseEvent.onsetDate', aeGrade: 'discontinuation.adverseEvent.grade',
  aeTerm: 'discontinuation.adverseEvent.term', aeEtiology: 'discontinuation.adverseEvent.etiology', aeVerbatim: 'discontinuation.adverseEvent.verbatim',
};

function pathOfFormIssue(i: FormRuleIssue): string {
  switch (i.form) {
    case 'baseline': return i.field;
    case 'response': return i.field === 'assessedDate' ? 'responseAssessedDate' : i.field;
    case 'discontinuation': return DISC_FIELDS[i.field] ?? `discontinuation.${i.field}`;
    case 'therapies': return i.field.replace(/^rows\./, 'subsequentTherapies.');
    default: return i.field;
  }
}
