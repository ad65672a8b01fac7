/**
 * Edit checks across fields (domain.md "Consistency rules"), on a patient that passed the field
 * schema. Each issue names the field path it belongs to, so the CSV report can name the column.
 * Every date-order rule (start → response → last dose → subsequent therapy → death / last contact,
 * nothing in the future) is the CRF forms' own: checkCrossFormRules (lib/validation/cross-form-rules.ts)
 * runs on every imported row, so the import refuses exactly the dates a form save would, and an
 * export re-imports. The checks below are only the ones an import needs beyond them (id ↔ centre,
 * age ↔ birth year, values that must come in pairs, what the forms check within one form).
 */
import { findTerm, splitStoredTerm } from '@/lib/ctcae/terms';
import { checkCrossFormRules, type PatientRecord, type RuleIssue as FormRuleIssue } from '@/lib/validation/cross-form-rules';
import { adverseEventIssues } from '@/lib/validation/discontinuation';
import { todayIso } from './dates';
import type { DictForm } from '@/lib/dictionary';
import { exchangedFieldsOf } from './form-parts';
import { getPath } from './record-fields';
import type { ExchangePatient } from './patient';

export interface RuleIssue { path: string; message: string }

export function checkPatientRules(p: ExchangePatient): RuleIssue[] {
  const out: RuleIssue[] = [];
  const add = (path: string, message: string) => out.push({ path, message });
  const start = p.ibrutinibStart;
  const d = p.discontinuation;
  const ae = d?.adverseEvent ?? null;

  if (!p.id.startsWith(`${p.centre}-`)) add('id', `does not belong to centre ${p.centre} (an id starts with its centre code)`);
  if (start !== null) {
    const startYear = Number(start.slice(0, 4));
    if (p.birthYear > startYear - 18) add('birthYear', `makes the patient younger than 18 at ibrutinib start (${start})`);
    if (p.ageAtStart !== null) {
      const diff = startYear - p.birthYear;
      if (p.ageAtStart !== diff && p.ageAtStart !== diff - 1) {
        add('ageAtStart', `${p.ageAtStart} does not fit birth year ${p.birthYear} and start ${start} (expected ${diff - 1} or ${diff})`);
      }
    }
  } else if (p.ageAtStart !== null) {
    // The age is the start year's: without a start it can be neither checked nor derived.
    add('ageAtStart', 'is given without ibrutinibStart (the age at start needs the start date)');
  }

  if (d) {
    if (d.reason === 'progression' && d.progressionType === null) add('discontinuation.progressionType', 'is required when the reason is progression');
    if (d.reason !== 'progression' && d.progressionType !== null) add('discontinuation.progressionType', 'is only for the reason progression');
    if (d.rtHistology !== null && d.progressionType !== 'RT') add('discontinuation.rtHistology', 'is only for a Richter transformation (progression type RT)');
    if (d.reason === 'other' && d.reasonOther === null) add('discontinuation.reasonOther', 'is required when the reason is other');
    // As on the form (the dictionary's onlyWhen rules, lib/dictionary/zod.ts), which never stores these for another reason. CNS involvement
    // is the exception: the published cohort answers it (FALSE) for 23 discontinuations of other reasons.
    if (d.reason !== 'other' && d.reasonOther !== null) add('discontinuation.reasonOther', 'is only for the reason other');
    if (d.reason !== 'progression' && d.resistanceMutations !== null) add('discontinuation.resistanceMutations', 'is only for the reason progression');
    if (d.reason === 'adverse_event' && !ae) add('discontinuation.adverseEvent.term', 'is required when the reason is adverse_event (term, organ class and grade)');
    if (d.reason !== 'adverse_event' && ae) add('discontinuation.adverseEvent.term', 'is only for the reason adverse_event');
    if (ae?.grade === 5 && p.vitalStatus !== 'dead') add('discontinuation.adverseEvent.grade', 'is 5 (death) but the patient is not recorded as dead');
    if (ae && d.reason === 'adverse_event') for (const i of adverseEventRuleIssues(ae)) add(i.path, i.message);
  }

  if (p.vitalStatus === 'dead') {
    if (p.deathDate === null) add('deathDate', 'is required when the vital status is dead');
    if (p.deathCause === null) add('deathCause', 'is required when the vital status is dead');
  } else {
    const vital = p.vitalStatus === null ? 'empty' : p.vitalStatus;
    if (p.deathDate !== null) add('deathDate', `is given but the vital status is ${vital}`);
    if (p.deathCause !== null) add('deathCause', `is given but the vital status is ${vital}`);
  }
  if (p.deathCause === 'other' && p.deathCauseOther === null) add('deathCauseOther', 'is required when the cause of death is other');
  if (p.deathCause !== 'other' && p.deathCauseOther !== null) add('deathCauseOther', 'is only for the cause of death other');
  if (p.subsequentTherapies.length && !d) add('subsequentTherapies', 'lists therapies but ibrutinib was not discontinued (no disc_date)');

  // The forms' edit checks; an issue on a field already reported above is not repeated, and a
  // conflict between two fields (which a form shows on both) is reported once.
  const reported = new Set(out.map((i) => i.path));
  const conflicts = new Set<string>();
  for (const i of checkCrossFormRules(toPatientRecord(p), todayIso())) {
    const path = pathOfFormIssue(i);
    if (reported.has(path) || (i.conflict !== undefined && conflicts.has(i.conflict))) continue;
    if (i.conflict !== undefined) conflicts.add(i.conflict);
    out.push({ path, message: i.message });
  }
  return out;
}

/**
 * The form's CTCAE checks (adverseEventIssues) on the stored form of the term ("<term>: <specification>"
 * for "Other, specify"), plus what the form takes from the dictionary itself: the organ class.
 */
function adverseEventRuleIssues(ae: NonNullable<NonNullable<ExchangePatient['discontinuation']>['adverseEvent']>): RuleIssue[] {
  const { term, specify } = splitStoredTerm(ae.term);
  const path = { aeTerm: 'discontinuation.adverseEvent.term', aeTermSpecify: 'discontinuation.adverseEvent.term', aeGrade: 'discontinuation.adverseEvent.grade', aeEtiology: 'discontinuation.adverseEvent.etiology' } as const;
  const out: RuleIssue[] = adverseEventIssues({ aeTerm: term, aeTermSpecify: specify, aeGrade: ae.grade, aeEtiology: ae.etiology })
    .map((i) => ({ path: path[i.field], message: i.field === 'aeTermSpecify' ? `"${ae.term}" needs a specification after the term, as "${term}: hyphema".` : i.message.replace(/^This is not/, `"${term}" is not`) }));
  const known = findTerm(term);
  if (known && known.soc !== ae.soc) out.push({ path: 'discontinuation.adverseEvent.soc', message: `is "${ae.soc}" but the CTCAE v4.03 organ class of "${known.term}" is "${known.soc}".` });
  if (specify !== null && specify.length > 200) out.push({ path: 'discontinuation.adverseEvent.term', message: 'has a specification longer than 200 characters.' });
  return out;
}

/** The exchange record as the CRF rules see it: a form the record does not hold is null. */
export function toPatientRecord(p: ExchangePatient): PatientRecord {
  const parts = { baseline: holdsForm(p, 'baseline'), response: holdsForm(p, 'response'), discontinuation: holdsForm(p, 'discontinuation'), followUp: holdsForm(p, 'follow-up') };
  const d = p.discontinuation;
  const ae = d?.adverseEvent ?? null;
  return {
    birthYear: p.birthYear,
    baseline: parts.baseline ? { ibrutinibStart: p.ibrutinibStart, ageAtStart: p.ageAtStart } : null,
    response: parts.response ? { assessedDate: p.responseAssessedDate } : null,
    discontinuation: parts.discontinuation && d ? {
      lastDoseDate: d.date, reason: d.reason, aeTerm: ae?.term ?? null, aeGrade: ae?.grade ?? null, aeOnsetDate: ae?.onsetDate ?? null,
      progressionType: d.progressionType, rtHistology: d.rtHistology,
    } : null,
    therapies: p.subsequentTherapies.map((t) => ({ startDate: t.startDate })),
    followUp: parts.followUp ? { vitalStatus: p.vitalStatus, lastContactDate: p.lastContactDate, deathDate: p.deathDate, deathCause: p.deathCause } : null,
  };
}

/**
 * Whether the record holds the form (formParts gives it a part): a value or a missing-data code in
 * any of its exchanged fields. Only that is needed here, so the form's values and required-field
 * check (formParts) are not worked out for every imported row.
 */
function holdsForm(p: ExchangePatient, form: DictForm): boolean {
  const codes = p.missing as Readonly<Record<string, string | undefined>> | undefined;
  return exchangedFieldsOf(form).some((f) => getPath(p, f.exchange.path) !== null || (f.missingCodes !== undefined && (codes?.[f.exchange.column] ?? null) !== null));
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
