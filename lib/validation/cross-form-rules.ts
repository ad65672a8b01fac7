/**
 * Consistency rules across a patient's forms (domain.md "edit checks"). A pure function over the
 * patient's record — the stored forms with the proposed change applied — so the server can check a
 * save against what is stored, and the edit-check report can run it over stored data.
 *
 * Each issue names the form and field it is shown on; a rule between two forms reports on both
 * sides, and a save shows the issues of the form being saved.
 */
import type { FieldErrors } from '@/lib/services/errors';
import { findTerm, isInfection, splitStoredTerm } from '@/lib/ctcae/terms';
import { deriveAgeAtStart } from './baseline';
import { checkCourseRules, type CourseRecords } from './course-rules';
import type { DeathCause } from './follow-up';
import type { FormKey } from './forms';

export interface PatientRecord {
  birthYear: number;
  baseline: { ibrutinibStart: string | null; ageAtStart?: number | null } | null;
  response: { assessedDate: string | null } | null;
  discontinuation: {
    lastDoseDate: string | null; reason: string | null; aeTerm: string | null; aeGrade: number | null;
    aeOnsetDate: string | null; progressionType: string | null; rtHistology: string | null;
  } | null;
  therapies: { startDate: string | null }[];
  followUp: {
    vitalStatus: string | null; lastContactDate: string | null; deathDate: string | null; deathCause: string | null;
    deathContributingCauses?: readonly string[] | null;
  } | null;
  /**
   * The patient's course (repeating records), when the caller has it: a save of a snapshot form is
   * then also held to the course rules on its side (e.g. the date of death not before a visit).
   * The cohort import of the 38 + 11 columns leaves it out (it writes no course of its own).
   */
  course?: CourseRecords;
}

/**
 * `conflict` names a rule between two fields that is reported on both (one message per form): a
 * report listing a patient's problems once (the import's) keeps one issue per conflict.
 */
export interface RuleIssue { form: FormKey; field: string; message: string; conflict?: string }

/** Causes of death consistent with a fatal (grade 5) adverse event of this CTCAE term. */
export function deathCausesForAe(storedTerm: string): DeathCause[] {
  const { term, specify } = splitStoredTerm(storedTerm);
  const t = findTerm(term);
  const spec = (specify ?? '').toLowerCase();
  if (isInfection(t) || term === 'Febrile neutropenia' || term === 'Neutrophil count decreased') return ['infection', 'multi-organ failure'];
  if (['Heart failure', 'Left ventricular systolic dysfunction', 'Myocardial infarction', 'Cardiac arrest'].includes(term)) return ['heart failure', 'other'];
  if (term === 'Stroke' || term === 'Intracranial hemorrhage') return ['cerebellar ischemic stroke', 'other'];
  if (term === 'Suicide attempt') return ['suicide'];
  if (/hemorrhage/i.test(term) && t?.soc === 'Gastrointestinal disorders') return ['gastrointestinal bleeding'];
  if (spec.includes('bladder cancer')) return ['bladder cancer'];
  if (spec.includes('copd')) return ['exacerbation of COPD'];
  if (term === 'Multi-organ failure' || term === 'Sepsis') return ['multi-organ failure', 'infection'];
  return ['other', 'multi-organ failure'];
}

interface DatedField { form: FormKey; field: string; label: string; date: string }

function datedFields(r: PatientRecord): DatedField[] {
  const out: DatedField[] = [];
  const push = (form: FormKey, field: string, label: string, date: string | null | undefined) => {
    if (date) out.push({ form, field, label, date });
  };
  push('baseline', 'ibrutinibStart', 'ibrutinib start', r.baseline?.ibrutinibStart);
  push('response', 'assessedDate', 'response assessment', r.response?.assessedDate);
  push('discontinuation', 'lastDoseDate', 'last dose', r.discontinuation?.lastDoseDate);
  push('discontinuation', 'aeOnsetDate', 'adverse event onset', r.discontinuation?.aeOnsetDate);
  r.therapies.forEach((t, i) => push('therapies', `rows.${i}.startDate`, `start of subsequent therapy ${i + 1}`, t.startDate));
  return out;
}

export function checkCrossFormRules(r: PatientRecord, today: string): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const add = (form: FormKey, field: string, message: string, conflict?: string) => issues.push({ form, field, message, ...(conflict ? { conflict } : {}) });
  const start = r.baseline?.ibrutinibStart ?? null;
  const disc = r.discontinuation;
  const fu = r.followUp;
  const death = fu?.vitalStatus === 'dead' ? fu.deathDate : null;
  const dated = datedFields(r);

  // No date after today.
  for (const d of [...dated, ...(fu?.lastContactDate ? [{ form: 'follow-up' as const, field: 'lastContactDate', label: 'last contact', date: fu.lastContactDate }] : []),
    ...(fu?.deathDate ? [{ form: 'follow-up' as const, field: 'deathDate', label: 'death', date: fu.deathDate }] : [])]) {
    if (d.date > today) add(d.form, d.field, `The date of ${d.label} (${d.date}) cannot be in the future.`);
  }
  // Age at start 18–110 (derived from the birth year unless an imported exact age is kept).
  if (start) {
    const age = deriveAgeAtStart(r.birthYear, start);
    if (age < 18 || age > 110) add('baseline', 'ibrutinibStart', `Age at ibrutinib start would be ${age} (birth year ${r.birthYear}); it must be 18 to 110.`);
  }
  // Discontinuation on or after start.
  if (start && disc?.lastDoseDate && disc.lastDoseDate < start) {
    add('discontinuation', 'lastDoseDate', `The last dose (${disc.lastDoseDate}) cannot be before the ibrutinib start (${start}).`, 'start>lastDose');
    add('baseline', 'ibrutinibStart', `The ibrutinib start (${start}) cannot be after the last dose (${disc.lastDoseDate}).`, 'start>lastDose');
  }
  if (start && disc?.aeOnsetDate && disc.aeOnsetDate < start) {
    add('discontinuation', 'aeOnsetDate', `The adverse event onset (${disc.aeOnsetDate}) cannot be before the ibrutinib start (${start}).`);
  }
  // The adverse event that stopped ibrutinib began on or before the last dose (the discontinuation
  // form checks this too; here so stored and imported data go through the same rule).
  if (disc?.aeOnsetDate && disc.lastDoseDate && disc.aeOnsetDate > disc.lastDoseDate) {
    add('discontinuation', 'aeOnsetDate', `The adverse event onset (${disc.aeOnsetDate}) cannot be after the last dose (${disc.lastDoseDate}).`);
  }
  // Response assessed on or after the start of ibrutinib (the response is to ibrutinib).
  const assessed = r.response?.assessedDate ?? null;
  if (start && assessed && assessed < start) {
    add('response', 'assessedDate', `The response assessment (${assessed}) cannot be before the ibrutinib start (${start}).`, 'start>assessed');
    add('baseline', 'ibrutinibStart', `The ibrutinib start (${start}) cannot be after the response assessment (${assessed}).`, 'start>assessed');
  }
  // A subsequent therapy follows ibrutinib: it starts on or after the ibrutinib start and the last dose.
  r.therapies.forEach((t, i) => {
    if (!t.startDate) return;
    const label = `start of subsequent therapy ${i + 1}`;
    if (start && t.startDate < start) {
      add('therapies', `rows.${i}.startDate`, `The ${label} (${t.startDate}) cannot be before the ibrutinib start (${start}).`, `start>therapy${i}`);
      add('baseline', 'ibrutinibStart', `The ibrutinib start (${start}) cannot be after the ${label} (${t.startDate}).`, `start>therapy${i}`);
    }
    if (disc?.lastDoseDate && t.startDate < disc.lastDoseDate) {
      add('therapies', `rows.${i}.startDate`, `The ${label} (${t.startDate}) cannot be before the ibrutinib discontinuation (last dose ${disc.lastDoseDate}).`, `lastDose>therapy${i}`);
      add('discontinuation', 'lastDoseDate', `The last dose (${disc.lastDoseDate}) cannot be after the ${label} (${t.startDate}).`, `lastDose>therapy${i}`);
    }
  });
  // Nothing after death; death on or after start and discontinuation.
  if (death) {
    for (const d of dated) {
      if (d.date > death) {
        // The date of death side first: a report that keeps one side of each conflict shows it there.
        add('follow-up', 'deathDate', `The date of death (${death}) cannot be before the ${d.label} (${d.date}).`, `${d.field}>death`);
        add(d.form, d.field, `The date of ${d.label} (${d.date}) cannot be after the date of death (${death}).`, `${d.field}>death`);
      }
    }
  }
  // Last contact on or after every other date, and never after death.
  // (The registry records the date of death as the last contact of a dead patient.)
  if (fu?.lastContactDate && death && fu.lastContactDate > death) {
    add('follow-up', 'lastContactDate', `The last contact (${fu.lastContactDate}) cannot be after the date of death (${death}).`);
  }
  if (fu?.lastContactDate && death && fu.lastContactDate < death) {
    add('follow-up', 'lastContactDate', `The last contact (${fu.lastContactDate}) cannot be before the date of death (${death}): use the date of death.`);
  }
  if (fu?.lastContactDate) {
    for (const d of dated) {
      if (d.date > fu.lastContactDate) {
        add('follow-up', 'lastContactDate', `The last contact (${fu.lastContactDate}) cannot be before the ${d.label} (${d.date}).`, `${d.field}>lastContact`);
        add(d.form, d.field, `The date of ${d.label} (${d.date}) cannot be after the last contact (${fu.lastContactDate}).`, `${d.field}>lastContact`);
      }
    }
  }
  // Progression details.
  if (disc?.reason === 'progression' && !disc.progressionType) add('discontinuation', 'progressionType', 'Choose the type of progression (CLL or Richter transformation).');
  if (disc?.rtHistology && disc.progressionType !== 'RT') add('discontinuation', 'rtHistology', 'RT histology applies only to Richter transformation.');
  // Grade 5 ⇔ death recorded with that cause.
  if (disc?.reason === 'adverse_event' && disc.aeGrade === 5 && disc.aeTerm) {
    const causes = deathCausesForAe(disc.aeTerm);
    if (!death) {
      add('discontinuation', 'aeGrade', 'Grade 5 means the adverse event was fatal: record the death (follow-up form) first, or choose a lower grade.', 'grade5>alive');
      if (fu) add('follow-up', 'vitalStatus', `The discontinuation records a fatal (grade 5) adverse event: the patient must be recorded as dead (cause: ${causes.join(' or ')}).`, 'grade5>alive');
    } else if (!fu?.deathCause || !causes.includes(fu.deathCause as DeathCause)) {
      add('discontinuation', 'aeGrade', `Grade 5 needs a death from this adverse event: the recorded cause of death is "${fu?.deathCause ?? 'none'}" (expected ${causes.join(' or ')}).`, 'grade5>cause');
      add('follow-up', 'deathCause', `The discontinuation records a fatal (grade 5) "${disc.aeTerm}": the cause of death should be ${causes.join(' or ')}.`, 'grade5>cause');
    } else if (disc.aeOnsetDate && death < disc.aeOnsetDate) {
      add('follow-up', 'deathDate', `The date of death (${death}) cannot be before the onset of the fatal adverse event (${disc.aeOnsetDate}).`);
    }
  }
  // The course's rules, on the snapshot forms' side (lib/validation/course-rules.ts).
  if (r.course) {
    for (const i of checkCourseRules(courseContext(r), r.course, today)) {
      if (i.seq === null) add(i.form as FormKey, i.field, i.message, i.conflict);
    }
  }
  return dedupe(issues);
}

/** What the course rules read from the snapshot forms. */
export function courseContext(r: PatientRecord) {
  return {
    ibrutinibStart: r.baseline?.ibrutinibStart ?? null, lastDoseDate: r.discontinuation?.lastDoseDate ?? null,
    vitalStatus: r.followUp?.vitalStatus ?? null, deathDate: r.followUp?.deathDate ?? null, deathCause: r.followUp?.deathCause ?? null,
    deathContributingCauses: r.followUp?.deathContributingCauses ?? null,
  };
}

function dedupe(issues: RuleIssue[]): RuleIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.form}|${i.field}|${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Field errors of one form (what a save of that form shows). */
export function fieldErrorsFor(form: FormKey, issues: RuleIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) if (i.form === form) (out[i.field] ??= []).push(i.message);
  return out;
}
