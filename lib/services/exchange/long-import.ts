import 'server-only';
/**
 * The long-format import of the course (a zip of the record tables, or the course JSON), with the
 * cohort import's guarantees and machinery: a preview report that writes nothing and is kept on
 * the server (import-preview-record.ts), the commit naming it and refused when any of the file's
 * patients changed since, ONE all-or-nothing transaction under the patients' row locks, a reason
 * for changing complete or verified instances, audit rows with "import: <file>" as reason and one
 * data_import event.
 *
 * An instance is identified by (patientId, seq): a new seq is inserted, a known one with other
 * values updated (refused when locked), the same values left alone, so re-importing a file changes
 * nothing and says so. Instances the registry has and the file leaves out stay as they are (a
 * mistaken one is marked entered in error, never removed). Patients must be registered (the cohort
 * file registers them) and, for an investigator, of their own centre.
 */
import type { Db, Tx } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { can, type Principal } from '@/lib/auth/permissions';
import { canonicalTables, isZip, readCourseZip } from '@/lib/exchange/course-zip';
import { loadCourseContexts, loadCourses, type LoadedCourse, type StoredInstance } from '@/lib/exchange/load-course';
import { lockPatientsByCode } from '@/lib/exchange/lock-patients';
import {
  COURSE_JSON_FORMAT, parseCourseJson, parseLongTables, sameInstance, type LongParseResult, type ParsedInstance,
} from '@/lib/exchange/long-format';
import { ImportFileError, MAX_IMPORT_BYTES, type Problem } from '@/lib/exchange/parse-import';
import { reportProblems } from '@/lib/exchange/problem-sentence';
import { writeCourse, type CourseWrites } from '@/lib/exchange/write-course';
import { recordDef, RECORDS, type RecordKind } from '@/lib/dictionary';
import { recordEvent } from '@/lib/services/audit/record-event';
import { readOnlyRecordMessage } from '@/lib/services/crf/form-access';
import { forbidden, invalid } from '@/lib/services/errors';
import { saveMeta, todayIso } from '@/lib/validation/common';
import { checkCourseRules, emptyCourse, type CourseInstance as RuleInstance } from '@/lib/validation/course-rules';
import { claimPreview, recordPreview } from './import-preview-record';
import { REPORT_PROBLEM_LIMIT, type ImportReport } from './plan-import';
import { ImportRejected, type ImportProgress } from './run-import';

/** An uploaded long-format file: the zip's tables, or the course JSON's text. */
export type LongFile = { fileName: string; kind: 'zip'; tables: ReadonlyMap<string, string> } | { fileName: string; kind: 'json'; text: string };

/** The bytes of an upload as a long-format file, or null when it is a cohort file (CSV, or JSON of another format). */
export function longFileOf(fileName: string, bytes: Uint8Array): LongFile | null {
  if (bytes.byteLength > MAX_IMPORT_BYTES) throw new ImportFileError(`The file is ${(bytes.byteLength / 1048576).toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / 1048576} MB.`);
  if (/\.zip$/i.test(fileName) || isZip(bytes)) return { fileName, kind: 'zip', tables: readCourseZip(bytes) };
  if (!/\.json$/i.test(fileName)) return null;
  // The course JSON names its format at the top; any other JSON is a cohort file.
  const head = new TextDecoder().decode(bytes.subarray(0, 4096));
  if (!new RegExp(`"format"\\s*:\\s*"${COURSE_JSON_FORMAT}"`).test(head)) return null;
  try {
    return { fileName, kind: 'json', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    throw new ImportFileError('The file is not UTF-8 text.');
  }
}

/** The text the preview's hash is taken of (the zip: its tables by name). */
export const longFileText = (f: LongFile) => (f.kind === 'zip' ? canonicalTables(f.tables) : f.text);

function parseLongFile(f: LongFile): LongParseResult {
  if (f.kind === 'zip') return parseLongTables(f.tables);
  let doc: unknown;
  try { doc = JSON.parse(f.text); } catch (e) {
    throw new ImportFileError(`The file is not valid JSON: ${e instanceof Error ? e.message : 'parse error'}.`);
  }
  return parseCourseJson(f.fileName, doc);
}

export interface LongImportReport extends Omit<ImportReport, 'format'> {
  format: 'zip' | 'json';
  layout: 'long';
  newRecords: number;
  updatedRecords: number;
  unchangedRecords: number;
}

export interface LongPreviewReport extends LongImportReport {
  previewId: string | null;
  /** Complete or verified instances the file changes: the import then needs a reason. */
  formsNeedingReason: number;
}

interface LongPlan {
  format: 'zip' | 'json';
  rows: number;
  problems: Problem[];
  writes: CourseWrites;
  unchanged: number;
  needReason: number;
  patients: number;
  changedPatients: number;
  /** Per patient of the file: where it first appears and its course's state (stateOf). */
  seen: Map<string, { row: number; state: string }>;
}

/** "Adverse event 3": how an instance is named in the report. */
const instanceLabel = (kind: RecordKind, seq: number) => `${recordDef(kind).label} ${seq}`;

const LETTER: Record<string, string> = { draft: 'd', complete: 'c', verified: 'v', locked: 'l' };

/** A patient's course as the import sees it: the record's status and every instance's version and status. Any write changes it. */
function stateOf(c: LoadedCourse): string {
  return [c.patientStatus, ...RECORDS.flatMap((def) => c.records[def.kind].map((i) => `${def.slug}/${i.seq}:${i.version}${LETTER[i.status] ?? '?'}`))].join('|');
}

function describeCourseChange(then: string, now: string): string {
  if (!then) return 'the patient was not part of the check';
  const [a0, ...a] = then.split('|');
  const [b0, ...b] = now.split('|');
  const out: string[] = [];
  if (a0 !== b0) out.push(`the record: ${a0} → ${b0}`);
  const key = (s: string) => s.split(':')[0] ?? s;
  const before = new Map(a.map((s) => [key(s), s]));
  const after = new Map(b.map((s) => [key(s), s]));
  for (const [k, s] of after) if (before.get(k) !== s) out.push(`${k.replace('/', ' ')} ${before.has(k) ? 'was changed' : 'was added'}`);
  return out.join('; ') || 'its course changed';
}

async function planLongImport(db: Db | Tx, user: Principal, file: LongFile, opts: { lock?: Tx } = {}): Promise<LongPlan> {
  const parsed = parseLongFile(file);
  const problems = [...parsed.problems];
  const codes = [...new Set(parsed.instances.map((i) => i.patientId))];
  if (opts.lock) await lockPatientsByCode(opts.lock, codes);
  const courses = new Map((await loadCourses(db, { centreIds: null, codes })).map((c) => [c.patientId, c]));
  const plan: LongPlan = {
    format: parsed.format, rows: parsed.rows, problems, writes: { insert: [], update: [] }, unchanged: 0, needReason: 0,
    patients: 0, changedPatients: 0, seen: new Map(),
  };
  const fail = (i: ParsedInstance, column: string | null, message: string) => problems.push({ file: i.file, row: i.row, patientId: i.patientId, column, message });

  // Patients: registered, in scope, editable. Each refusal is reported once per patient and file.
  const refused = new Map<string, string>();
  const reported = new Set<string>();
  for (const code of codes) {
    const c = courses.get(code);
    if (!c) refused.set(code, `${code} is not a patient of the registry: register the patient (or import the cohort file) first`);
    else if (user.role === 'investigator' && c.centreId !== user.centreId) refused.set(code, `${code} is a patient of another centre: you can import your own centre's patients only`);
    else {
      const ro = readOnlyRecordMessage({ code, status: c.patientStatus });
      if (ro) refused.set(code, ro);
    }
  }
  const changed = new Set<string>();
  for (const inst of parsed.instances) {
    const why = refused.get(inst.patientId);
    if (why) {
      const k = `${inst.patientId}|${inst.file}`;
      if (!reported.has(k)) { reported.add(k); fail(inst, 'patientId', why); }
      continue;
    }
    const course = courses.get(inst.patientId);
    if (!course) continue;
    if (!plan.seen.has(inst.patientId)) plan.seen.set(inst.patientId, { row: inst.row, state: stateOf(course) });
    const stored: StoredInstance | undefined = course.records[inst.kind].find((s) => s.seq === inst.seq);
    if (!stored) { plan.writes.insert.push({ kind: inst.kind, patientDbId: course.dbId, inst }); changed.add(inst.patientId); continue; }
    if (sameInstance(inst.kind, stored, inst)) { plan.unchanged++; continue; }
    if (stored.status === 'locked') {
      fail(inst, 'seq', `${instanceLabel(inst.kind, inst.seq)} of ${inst.patientId} is locked (signed) in the registry; ask a coordinator to unlock it before importing changes`);
      continue;
    }
    if (stored.status === 'complete' || stored.status === 'verified') plan.needReason++;
    plan.writes.update.push({ kind: inst.kind, patientDbId: course.dbId, stored, inst });
    changed.add(inst.patientId);
  }
  checkLinks(parsed.instances, courses, refused, fail);
  await checkRules(db, plan.writes, courses, problems);
  plan.patients = plan.seen.size;
  plan.changedPatients = changed.size;
  problems.sort((x, y) => (x.file ?? '').localeCompare(y.file ?? '') || (x.row ?? 0) - (y.row ?? 0));
  return plan;
}

/**
 * The course rules (lib/validation/course-rules.ts, the ones a save of the instance meets) over each
 * patient's course as the import would leave it: stored instances with the file's written over them.
 * Reported on the instances the file inserts or changes, at their file and line (a stored instance
 * the file leaves alone is the edit checks' to report, not a reason to refuse this file).
 */
async function checkRules(db: Db | Tx, writes: CourseWrites, courses: ReadonlyMap<string, LoadedCourse>, problems: Problem[]): Promise<void> {
  const touched = new Map<number, Map<string, ParsedInstance>>();
  for (const w of [...writes.insert, ...writes.update]) {
    const m = touched.get(w.patientDbId) ?? new Map<string, ParsedInstance>();
    m.set(`${w.kind}|${w.inst.seq}`, w.inst);
    touched.set(w.patientDbId, m);
  }
  if (!touched.size) return;
  const contexts = await loadCourseContexts(db, [...touched.keys()]);
  const today = todayIso();
  for (const course of courses.values()) {
    const mine = touched.get(course.dbId);
    const ctx = contexts.get(course.dbId);
    if (!mine || !ctx) continue;
    const records = emptyCourse();
    for (const def of RECORDS) {
      const bySeq = new Map<number, RuleInstance>(course.records[def.kind].map((i) => [i.seq, ruleInstance(i)]));
      for (const inst of mine.values()) if (inst.kind === def.kind) bySeq.set(inst.seq, ruleInstance(inst));
      records[def.kind] = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    }
    for (const issue of checkCourseRules(ctx, records, today)) {
      if (issue.seq === null) continue;
      const inst = mine.get(`${issue.form}|${issue.seq}`);
      if (!inst) continue;
      problems.push({ file: inst.file, row: inst.row, patientId: inst.patientId, column: issue.field, message: issue.message });
    }
  }
}

/** An instance as the rules read it: values by value key, missing codes as `<key>Missing`. */
function ruleInstance(i: Pick<ParsedInstance, 'seq' | 'values' | 'missing' | 'enteredInError'>): RuleInstance {
  return { seq: i.seq, enteredInError: i.enteredInError, ...i.values, ...Object.fromEntries(Object.entries(i.missing).map(([k, v]) => [`${k}Missing`, v])) };
}

/**
 * A dose period or interruption names an adverse event the patient has after the import (in the
 * registry or in the file): the database's foreign key refuses anything else. The course rules say
 * so for live instances; this covers the ones entered in error, which the rules do not read.
 */
function checkLinks(
  instances: readonly ParsedInstance[], courses: ReadonlyMap<string, LoadedCourse>, refused: ReadonlyMap<string, string>,
  fail: (i: ParsedInstance, column: string | null, message: string) => void,
): void {
  const events = new Map<string, Map<number, boolean>>();
  for (const [code, c] of courses) events.set(code, new Map(c.records['adverse-event'].map((e) => [e.seq, e.enteredInError])));
  for (const i of instances) if (i.kind === 'adverse-event') events.get(i.patientId)?.set(i.seq, i.enteredInError);
  for (const i of instances) {
    const ref = i.values.adverseEventSeq;
    if ((i.kind !== 'dose-period' && i.kind !== 'interruption') || typeof ref !== 'number' || refused.has(i.patientId) || !i.enteredInError) continue;
    if (events.get(i.patientId)?.get(ref) === undefined) fail(i, 'adverseEventSeq', `is ${ref} but ${i.patientId} has no adverse event ${ref} (in the registry or in the file)`);
  }
}

function reportOf(fileName: string, plan: LongPlan): LongImportReport {
  const problems = reportProblems(plan.problems);
  return {
    fileName, format: plan.format, layout: 'long', rows: plan.rows,
    newPatients: 0, updatedPatients: plan.changedPatients, unchangedPatients: plan.patients - plan.changedPatients,
    newRecords: plan.writes.insert.length, updatedRecords: plan.writes.update.length, unchangedRecords: plan.unchanged,
    problemCount: problems.length, problems: problems.slice(0, REPORT_PROBLEM_LIMIT), ok: problems.length === 0,
  };
}

export async function previewLongImport(db: Db, user: Principal, file: LongFile): Promise<LongPreviewReport> {
  if (!can(user, 'data.import')) throw forbidden();
  const plan = await planLongImport(db, user, file);
  const report = reportOf(file.fileName, plan);
  const previewId = report.ok ? await recordPreview(db, user, file.fileName, longFileText(file), plan) : null;
  return { ...report, previewId, formsNeedingReason: plan.needReason };
}

export async function runLongImport(
  db: Db, user: Principal & { email: string }, input: { file: LongFile; previewId: string; reason?: string | null },
  onProgress: (p: ImportProgress) => void = () => undefined,
): Promise<LongImportReport> {
  if (!can(user, 'data.import')) throw forbidden();
  const { file } = input;
  const given = saveMeta.changeReason.safeParse(input.reason ?? null);
  if (!given.success) throw invalid(given.error.issues[0]?.message ?? 'The reason is not valid.', { reason: given.error.issues.map((i) => i.message) });
  const reason = `import: ${file.fileName}${given.data ? ` — ${given.data}` : ''}`;
  return db.transaction(async (tx) => {
    const seen = await claimPreview(tx, user, input.previewId, longFileText(file));
    await setAuditContext(tx, { id: user.id, label: user.email }, reason);
    onProgress({ phase: 'validating', done: 0, total: 1 });
    const plan = await planLongImport(tx, user, file, { lock: tx });
    const moved: Problem[] = [];
    for (const [code, now] of plan.seen) {
      const then = seen[code];
      if (then === now.state) continue;
      moved.push({ row: now.row, patientId: code, column: 'patientId',
        message: `Patient ${code} changed in the registry after the file was checked (${describeCourseChange(then ?? '', now.state)}); nothing was imported. Check the file again to compare it with the current data.` });
    }
    if (moved.length) throw new ImportRejected(reportOf(file.fileName, { ...plan, problems: [...moved, ...plan.problems] }));
    const report = reportOf(file.fileName, plan);
    if (!report.ok) throw new ImportRejected(report);
    if (plan.needReason && !given.data) {
      const text = `The file changes ${plan.needReason} record${plan.needReason === 1 ? '' : 's'} already complete or verified: give a reason for the change (it is kept in the audit trail). Nothing was imported.`;
      throw invalid(text, { reason: [text] });
    }
    const total = plan.writes.insert.length + plan.writes.update.length;
    onProgress({ phase: 'writing', done: 0, total });
    await writeCourse(tx, plan.writes, user.id);
    await recordEvent(tx, {
      actor: { id: user.id, label: user.email }, action: 'data_import', tableName: 'patients', reason,
      details: { fileName: file.fileName, format: `course-${plan.format}`, rows: plan.rows, created: plan.writes.insert.length,
        updated: plan.writes.update.length, unchanged: plan.unchanged, previewId: input.previewId },
    });
    onProgress({ phase: 'committing', done: total, total });
    return report;
  });
}


/** Check, then import at once (scripts and tests; the same services and rules as the Data page). */
export async function checkAndImportLong(
  db: Db, user: Principal & { email: string }, file: LongFile, reason?: string | null,
): Promise<LongImportReport> {
  const preview = await previewLongImport(db, user, file);
  if (!preview.previewId) throw new ImportRejected(preview);
  return runLongImport(db, user, { file, previewId: preview.previewId, reason });
}
