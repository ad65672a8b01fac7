/**
 * The rules of a patient's course (the repeating records), as pure functions over the record with
 * the proposed change applied: the save services check a save against what is stored, the edit
 * checks run them over stored data, and the long-format import over what it is about to write.
 * No database, no server-only import.
 *
 * Entered-in-error instances are kept but count for nothing: they are neither checked nor seen by
 * the rules of the other instances (a link to one is an error of the linking instance).
 *
 * Each issue names what it is shown on: an instance (`form` = the record kind, `seq` its number) or
 * a snapshot CRF (`seq` null: the baseline's ibrutinib start, the follow-up's date of death, …), so
 * a rule between a record and a form is refused whichever side is saved. Messages use the labels a
 * person reads ("adverse event 3"), never internal names.
 */
import { findTerm, gradeDefinition, isOtherSpecify, splitStoredTerm } from '@/lib/ctcae/terms';
import { fieldsOf, recordDef, type RecordKind } from '@/lib/dictionary';
import type { FieldErrors } from '@/lib/services/errors';
import { deathCausesForAe } from './cross-form-rules';
import type { FormKey } from './forms';

/** One stored instance (or the one being saved): its values keyed by value key, as the tables' drizzle rows have them. */
export interface CourseInstance { seq: number; enteredInError?: boolean; [key: string]: unknown }

export type CourseRecords = Record<RecordKind, CourseInstance[]>;

/** What the rules read from the snapshot CRFs. */
export interface CourseContext {
  ibrutinibStart: string | null;
  /** The discontinuation's last dose (null when ibrutinib was not stopped). */
  lastDoseDate: string | null;
  vitalStatus: string | null;
  deathDate: string | null;
  deathCause: string | null;
  deathContributingCauses: readonly string[] | null;
}

export interface CourseIssue {
  form: RecordKind | FormKey;
  /** The instance for a record kind; null for a snapshot form. */
  seq: number | null;
  field: string;
  message: string;
  /** Names a rule between two places reported on both (a report listing problems once keeps one). */
  conflict?: string;
}

export const emptyCourse = (): CourseRecords => ({ visit: [], 'adverse-event': [], 'dose-period': [], interruption: [], 'molecular-test': [] });

/** "Adverse event 3", "Visit 2": how an instance is named in messages and findings. */
export function instanceName(kind: RecordKind, seq: number): string {
  return `${recordDef(kind).label} ${seq}`;
}

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

/** How a dated field is named in messages. */
const NOUNS: Record<string, string> = {
  visitDate: 'visit date', eventOnsetDate: 'onset', eventResolutionDate: 'resolution', doseStartDate: 'start of the dose',
  interruptionStartDate: 'start of the interruption', interruptionEndDate: 'last day of the interruption', sampleDate: 'sample date',
};

/** The dated fields of each kind (value key → noun), from the dictionary. */
const DATE_FIELDS: Record<RecordKind, { key: string; noun: string }[]> = Object.fromEntries(
  (['visit', 'adverse-event', 'dose-period', 'interruption', 'molecular-test'] as const).map((kind) => [kind,
    fieldsOf(kind).filter((f) => f.type === 'date').map((f) => ({ key: f.valueKey ?? f.name, noun: NOUNS[f.name] ?? f.name }))]),
) as Record<RecordKind, { key: string; noun: string }[]>;

/** Dates on ibrutinib: not before its start (molecular tests are taken before it too). */
const ON_DRUG: Partial<Record<RecordKind, readonly string[]>> = {
  visit: ['visitDate'], 'adverse-event': ['onsetDate', 'resolutionDate'], 'dose-period': ['startDate'], interruption: ['startDate', 'endDate'],
};


/** The adverse event's CTCAE term and specification, from form values (term + termSpecify) or a stored row ("<term>: <spec>"). */
function termOf(values: Record<string, unknown>): { term: string | null; specify: string | null } {
  const t = str(values.term);
  if (t === null) return { term: null, specify: null };
  if ('termSpecify' in values) return { term: t, specify: str(values.termSpecify) };
  return splitStoredTerm(t);
}

/**
 * The rules of one instance on its own (no other record needed): the CTCAE term and grade, date
 * order within the instance, a fatal outcome ⇔ grade 5. The form's schema runs them at parse time.
 */
export function instanceIssues(kind: RecordKind, v: Record<string, unknown>): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (kind === 'adverse-event') {
    const { term: name, specify } = termOf(v);
    const term = name ? findTerm(name) : undefined;
    const grade = num(v.grade);
    if (name && !term) out.push({ field: 'term', message: 'This is not a CTCAE v4.03 term: choose one from the list.' });
    if (term && isOtherSpecify(term.term) && !specify) out.push({ field: 'termSpecify', message: 'Specify the adverse event (e.g. "hyphema").' });
    if (term && grade !== null && gradeDefinition(term, grade) === null) {
      out.push({ field: 'grade', message: `Grade ${grade} is not defined for "${term.term}" in CTCAE v4.03.` });
    }
    const onset = str(v.onsetDate);
    const resolved = str(v.resolutionDate);
    if (onset && resolved && resolved < onset) out.push({ field: 'resolutionDate', message: `The resolution (${resolved}) cannot be before the onset (${onset}).` });
    if (grade === 5 && str(v.outcome) !== null && v.outcome !== 'fatal') out.push({ field: 'outcome', message: 'A grade 5 adverse event is fatal: choose the outcome "fatal".' });
    if (v.outcome === 'fatal' && grade !== null && grade !== 5) out.push({ field: 'outcome', message: 'A fatal outcome means grade 5: choose grade 5 or another outcome.' });
    if (grade === 5 && v.ongoing === true) out.push({ field: 'ongoing', message: 'A fatal (grade 5) adverse event cannot be ongoing.' });
  }
  if (kind === 'interruption') {
    const start = str(v.startDate);
    const end = str(v.endDate);
    if (start && end && end < start) out.push({ field: 'endDate', message: `The last day of the interruption (${end}) cannot be before its first day (${start}).` });
  }
  return out;
}

const live = (list: CourseInstance[]) => list.filter((i) => !i.enteredInError);

/**
 * Every rule of the course over the patient's record: each live instance's own rules, its dates
 * against today, the ibrutinib start, the last dose and the death, and the rules between instances
 * (overlapping interruptions, two dose periods from one day, links to adverse events, fatal events).
 */
export function checkCourseRules(ctx: CourseContext, records: CourseRecords, today: string): CourseIssue[] {
  const issues: CourseIssue[] = [];
  const on = (form: RecordKind, seq: number, field: string, message: string, conflict?: string) =>
    issues.push({ form, seq, field, message, ...(conflict ? { conflict } : {}) });
  const onForm = (form: FormKey, field: string, message: string, conflict: string) => issues.push({ form, seq: null, field, message, conflict });
  const start = ctx.ibrutinibStart;
  const death = ctx.vitalStatus === 'dead' ? ctx.deathDate : null;
  const kinds = Object.keys(records) as RecordKind[];

  for (const kind of kinds) {
    for (const inst of live(records[kind])) {
      const name = instanceName(kind, inst.seq);
      for (const i of instanceIssues(kind, inst)) on(kind, inst.seq, i.field, i.message);
      for (const { key, noun } of DATE_FIELDS[kind]) {
        const d = str(inst[key]);
        if (!d) continue;
        const what = `${name.toLowerCase()} (${noun}, ${d})`;
        if (d > today) on(kind, inst.seq, key, `The ${noun} (${d}) cannot be in the future.`);
        if (start && d < start && ON_DRUG[kind]?.includes(key)) {
          const c = `start>${kind}${inst.seq}.${key}`;
          on(kind, inst.seq, key, `The ${noun} (${d}) cannot be before the ibrutinib start (${start}).`, c);
          onForm('baseline', 'ibrutinibStart', `The ibrutinib start (${start}) cannot be after ${what}.`, c);
        }
        if (death && d > death) {
          const c = `${kind}${inst.seq}.${key}>death`;
          onForm('follow-up', 'deathDate', `The date of death (${death}) cannot be before ${what}.`, c);
          on(kind, inst.seq, key, `The ${noun} (${d}) cannot be after the date of death (${death}).`, c);
        }
      }
    }
  }

  // A dose starts while the patient is on ibrutinib: on or before the last dose.
  for (const p of live(records['dose-period'])) {
    const d = str(p.startDate);
    if (d && ctx.lastDoseDate && d > ctx.lastDoseDate) {
      const c = `dose${p.seq}>lastDose`;
      on('dose-period', p.seq, 'startDate', `A dose cannot start (${d}) after the last dose of ibrutinib (${ctx.lastDoseDate}).`, c);
      onForm('discontinuation', 'lastDoseDate', `The last dose (${ctx.lastDoseDate}) cannot be before the start of ibrutinib dose ${p.seq} (${d}).`, c);
    }
  }
  // One dose period per start date: two doses from the same day say two different things.
  const periods = live(records['dose-period']);
  for (const p of periods) {
    const d = str(p.startDate);
    const twin = periods.find((q) => q.seq !== p.seq && d !== null && str(q.startDate) === d);
    if (twin) on('dose-period', p.seq, 'startDate', `Ibrutinib dose ${twin.seq} already starts on ${d}: one dose per start date.`);
  }
  // Interruptions do not overlap. Both ends are days without the drug (inclusive, as lib/course counts
  // them), so the next interruption starts after the previous one's last day; an open one lasts to today.
  const stops = live(records.interruption).filter((i) => str(i.startDate) !== null);
  for (const a of stops) {
    for (const b of stops) {
      if (a.seq === b.seq) continue;
      const aEnd = str(a.endDate) ?? '9999-12-31';
      const bEnd = str(b.endDate) ?? '9999-12-31';
      if ((a.startDate as string) <= bEnd && (b.startDate as string) <= aEnd) {
        on('interruption', a.seq, 'startDate', `It overlaps interruption ${b.seq} (${b.startDate as string} – ${str(b.endDate) ?? 'ongoing'}).`);
      }
    }
  }
  // A change of treatment caused by an adverse event names a live one that began on or before it.
  const events = new Map(records['adverse-event'].map((e) => [e.seq, e]));
  for (const kind of ['dose-period', 'interruption'] as const) {
    for (const inst of live(records[kind])) {
      const seq = num(inst.adverseEventSeq);
      if (seq === null) continue;
      const ae = events.get(seq);
      const name = instanceName(kind, inst.seq).toLowerCase();
      if (!ae) { on(kind, inst.seq, 'adverseEventSeq', `There is no adverse event ${seq} for this patient.`); continue; }
      if (ae.enteredInError) { on(kind, inst.seq, 'adverseEventSeq', `Adverse event ${seq} was entered in error: choose another one.`); continue; }
      const onset = str(ae.onsetDate);
      const when = str(inst.startDate);
      if (onset && when && onset > when) {
        const c = `ae${seq}>${kind}${inst.seq}`;
        on(kind, inst.seq, 'adverseEventSeq', `Adverse event ${seq} began on ${onset}, after this change (${when}): it cannot be its cause.`, c);
        on('adverse-event', seq, 'onsetDate', `The onset (${onset}) cannot be after the ${name} (${when}) this adverse event caused.`, c);
      }
    }
  }
  // A fatal (grade 5) adverse event: the death is recorded, on or after the onset, of a cause the event explains.
  for (const ae of live(records['adverse-event'])) {
    if (num(ae.grade) !== 5) continue;
    const term = str(ae.term);
    const onset = str(ae.onsetDate);
    const c = `ae${ae.seq}.grade5`;
    if (!death) {
      on('adverse-event', ae.seq, 'grade', 'Grade 5 means the adverse event was fatal: record the death (follow-up form) first, or choose a lower grade.', c);
      onForm('follow-up', 'vitalStatus', `Adverse event ${ae.seq} is fatal (grade 5): the patient must be recorded as dead.`, c);
      continue;
    }
    if (onset && death < onset) {
      on('adverse-event', ae.seq, 'onsetDate', `A fatal adverse event cannot begin (${onset}) after the death (${death}).`, `${c}.date`);
      onForm('follow-up', 'deathDate', `The date of death (${death}) cannot be before the onset of fatal adverse event ${ae.seq} (${onset}).`, `${c}.date`);
    }
    if (term) {
      // The causes the discontinuation's fatal event is held to (lib/validation/cross-form-rules.ts).
      const causes: readonly string[] = deathCausesForAe(term);
      const recorded = [ctx.deathCause, ...(ctx.deathContributingCauses ?? [])].filter((x): x is string => !!x);
      if (!recorded.some((r) => causes.includes(r))) {
        on('adverse-event', ae.seq, 'grade', `Grade 5 needs a death from this adverse event: record ${causes.join(' or ')} as the cause or a contributing cause of death.`, `${c}.cause`);
        onForm('follow-up', 'deathCause', `Adverse event ${ae.seq} ("${term}") is fatal: the cause or a contributing cause of death should be ${causes.join(' or ')}.`, `${c}.cause`);
      }
    }
  }
  return dedupe(issues);
}

function dedupe(issues: CourseIssue[]): CourseIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.form}|${i.seq ?? ''}|${i.field}|${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Field errors of one instance (what a save or a workflow step of that instance shows). */
export function fieldErrorsForInstance(kind: RecordKind, seq: number, issues: CourseIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) if (i.form === kind && i.seq === seq) (out[i.field] ??= []).push(i.message);
  return out;
}
