import 'server-only';
/**
 * Server frame of a course record's edit page (one instance, or a new one): resolves the kind from
 * the URL and the patient inside the user's centre scope (readCourse / readRecord: another centre's
 * patient, an unknown kind or instance are a 404), and renders the form with its workflow, entered
 * in error, queries and history, like the CRF pages.
 */
import { randomUUID } from 'node:crypto';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/permissions';
import { shownSigner, signerPrintedName } from '@/lib/crf/signer';
import { loadInstanceHistory } from '@/lib/dal/course-read';
import { recordBySlug, recordDef, type RecordDef } from '@/lib/dictionary';
import { ServiceError } from '@/lib/services/errors';
import { readCourse, readRecord, recordFormValues } from '@/lib/services/course/read-course';
import { QueriesPanel } from '@/components/crf/queries-panel';
import type { FormMetaView } from '@/components/crf/types';
import { WorkflowPanel } from '@/components/crf/workflow-panel';
import { EnteredInErrorPanel } from './entered-in-error-panel';
import { InstanceHistory } from './instance-history';
import { RecordForm, type AeChoice } from './record-form';
import { RecordNav } from './record-nav';

/** The kind a URL segment names, or a 404. */
export function kindOfSlug(slug: string): RecordDef {
  const def = recordBySlug(decodeURIComponent(slug));
  if (!def) notFound();
  return def;
}

/** An instance number from the URL ("3"), or a 404 for anything else. */
export function seqOfParam(s: string): number {
  if (!/^[1-9]\d{0,4}$/.test(s)) notFound();
  const n = Number(s);
  if (n > 32767) notFound();
  return n;
}

async function orNotFound<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'not_found') notFound();
    throw err;
  }
}

export async function RecordFormPage({ code: rawCode, slug, seq, saved }: { code: string; slug: string; seq: number | null; saved?: number }) {
  const user = await requireUser('patient.read');
  const def = kindOfSlug(slug);
  const db = await getDb();
  const code = decodeURIComponent(rawCode);
  const course = await orNotFound(readCourse(db, user, code));
  const record = seq === null ? null : await orNotFound(readRecord(db, user, code, def.kind, seq));
  const { patient } = course;
  const instance = record?.instance ?? null;
  const scope = { centreId: patient.centreId };
  const mayWrite = can(user, 'crf.write', scope) && patient.status === 'active';
  const meta: FormMetaView = {
    patientCode: patient.code, version: instance?.version ?? null, status: instance?.status ?? null, idempotencyKey: randomUUID(),
    canWrite: mayWrite && instance?.status !== 'locked' && !instance?.enteredInError,
  };
  const aeChoices: AeChoice[] = course.instances.filter((i) => i.kind === 'adverse-event').sort((a, b) => a.seq - b.seq).map((i) => ({
    seq: i.seq, enteredInError: i.enteredInError,
    label: `${recordDef('adverse-event').label} ${i.seq}: ${typeof i.values.term === 'string' ? i.values.term : 'term not recorded'}`
      + `${typeof i.values.grade === 'number' ? `, grade ${i.values.grade}` : ''}${i.date ? ` (${i.date})` : ''}${i.enteredInError ? ' — entered in error' : ''}`,
  }));
  const base = `/patients/${patient.code}/${def.slug}`;
  const title = instance ? instance.title : `New ${def.label.toLowerCase()}`;
  const history = instance ? await loadInstanceHistory(db, patient.id, def.table, instance.id) : [];
  return (
    <section>
      <RecordNav code={patient.code} current={def.kind} />
      <h1>{title} · <span className="nowrap">{patient.code}</span></h1>
      {saved && instance ? <p className="notice ok" role="status" data-testid="created-notice">Saved (version {saved}). {title} is now on the record home.</p> : null}
      {instance?.enteredInError ? (
        <p className="notice error" data-testid="entered-in-error">This {def.label.toLowerCase()} was marked entered in error: it is kept for the record and left out of every analysis and check.</p>
      ) : null}
      {instance?.status === 'locked' ? <p className="notice">This record is locked (signed). A coordinator must unlock it before any change.</p> : null}
      <RecordForm kind={def.kind} seq={seq} meta={meta} queries={record?.queries ?? []} aeChoices={aeChoices} recordBase={base}
        defaults={record?.formValues ?? recordFormValues(def.kind, null)} />
      {instance && !instance.enteredInError ? (
        <WorkflowPanel patientCode={patient.code} form={{ kind: def.kind, seq: instance.seq }} version={instance.version} status={instance.status}
          signature={instance.signedByName && instance.signedAt ? { name: shownSigner(instance.signedByName, null), at: instance.signedAt, meaning: instance.signatureMeaning ?? '' } : null}
          signerName={signerPrintedName(user.displayName, user.email)}
          can={{ complete: can(user, 'crf.write', scope), verify: can(user, 'crf.verify', scope), lock: can(user, 'crf.lock', scope), unlock: can(user, 'crf.unlock', scope) }} />
      ) : null}
      {instance && !instance.enteredInError && instance.status !== 'locked' && mayWrite ? (
        <EnteredInErrorPanel patientCode={patient.code} kind={def.kind} seq={instance.seq} version={instance.version} noun={def.label.toLowerCase()} />
      ) : null}
      {instance ? (
        <QueriesPanel patientCode={patient.code} form={{ kind: def.kind, seq: instance.seq }} queries={record?.queries ?? []}
          can={{ raise: can(user, 'query.raise', scope), answer: can(user, 'query.answer', scope), close: can(user, 'query.close', scope) }} />
      ) : null}
      {instance ? <InstanceHistory rows={history} /> : null}
      <p><Link href={base}>All {def.plural.toLowerCase()} of {patient.code}</Link></p>
    </section>
  );
}
