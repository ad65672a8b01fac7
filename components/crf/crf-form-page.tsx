import 'server-only';
/**
 * Server frame of the five CRF pages: loads the patient (centre-scoped: another centre's patient is
 * a 404), maps the stored form to the form's default values (view types, not rows), and renders
 * the form with its workflow and queries panels.
 */
import { randomUUID } from 'node:crypto';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/permissions';
import { splitStoredTerm } from '@/lib/ctcae/terms';
import { listAdverseEventChoices } from '@/lib/dal/course-read';
import { formDefaults } from '@/lib/dictionary/form-values';
import { ServiceError } from '@/lib/services/errors';
import { getCrfForUser } from '@/lib/services/crf/read-crf';
import { FORM_KEYS, FORM_LABELS, type FormKey } from '@/lib/validation/forms';
import { BaselineForm } from './baseline-form';
import { DiscontinuationForm } from './discontinuation-form';
import { FollowUpForm } from './follow-up-form';
import { QueriesPanel } from './queries-panel';
import { ResponseForm } from './response-form';
import { TherapiesForm } from './therapies-form';
import type { FormMetaView, FormStatus } from './types';
import { WorkflowPanel } from './workflow-panel';
import { shownSigner, signerPrintedName } from '@/lib/crf/signer';

type Row = Record<string, unknown> & { status: FormStatus; version: number; signedByName: string | null; signedByUserId: number | null; signedAt: Date | null; signatureMeaning: string | null };

export async function CrfFormPage({ params, form }: { params: Promise<{ code: string }>; form: FormKey }) {
  const user = await requireUser('patient.read');
  const { code } = await params;
  const db = await getDb();
  let data;
  try {
    data = await getCrfForUser(db, user, decodeURIComponent(code));
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'not_found') notFound();
    throw err;
  }
  const { patient, forms, queries } = data;
  const rowByForm: Record<FormKey, Row | null> = {
    baseline: forms.baseline as Row | null, response: forms.response as Row | null, discontinuation: forms.discontinuation as Row | null,
    therapies: forms.therapyForm as Row | null, 'follow-up': forms.followUp as Row | null,
  };
  const row = rowByForm[form];
  const scope = { centreId: patient.centreId };
  const meta: FormMetaView = {
    patientCode: patient.code, version: row?.version ?? null, status: row?.status ?? null, idempotencyKey: randomUUID(),
    canWrite: can(user, 'crf.write', scope) && row?.status !== 'locked' && patient.status === 'active',
  };
  const formQueries = queries.filter((q) => q.form === form);
  // Stored row → the form's values: every field typed on the form, from the dictionary
  // (lib/dictionary/form-values.ts). Only the AE term is special: stored as "<term>: <specification>".
  let body;
  if (form === 'baseline') {
    body = <BaselineForm meta={meta} birthYear={patient.birthYear} queries={formQueries} defaults={formDefaults('baseline', forms.baseline)}
      storedAge={forms.baseline ? { ibrutinibStart: forms.baseline.ibrutinibStart, ageAtStart: forms.baseline.ageAtStart } : null} />;
  } else if (form === 'response') {
    body = <ResponseForm meta={meta} queries={formQueries} defaults={formDefaults('response', forms.response)} />;
  } else if (form === 'discontinuation') {
    const d = forms.discontinuation;
    const t = d?.aeTerm ? splitStoredTerm(d.aeTerm) : null;
    // The adverse-event log's events with the action "discontinued" are the causes (patient already in scope).
    const causes = (await listAdverseEventChoices(db, patient.id)).filter((a) => a.action === 'discontinued' && !a.enteredInError)
      .map((a) => ({ seq: a.seq, term: a.term, grade: a.grade, onsetDate: a.onsetDate, href: `/patients/${patient.code}/adverse-events/${a.seq}` }));
    body = <DiscontinuationForm meta={meta} queries={formQueries} causes={causes} logHref={can(user, 'crf.write', scope) && patient.status === 'active' ? `/patients/${patient.code}/adverse-events/new` : null}
      defaults={{ ...formDefaults('discontinuation', d), aeTerm: t?.term ?? null, aeTermSpecify: t?.specify ?? null }} />;
  } else if (form === 'therapies') {
    body = <TherapiesForm meta={meta} queries={formQueries} defaults={{
      rows: forms.therapies.map((t) => ({ id: t.id, regimen: t.regimen, startDate: t.startDate, bestResponse: t.bestResponse })),
    }} />;
  } else {
    body = <FollowUpForm meta={meta} queries={formQueries} defaults={formDefaults('follow-up', forms.followUp)} />;
  }
  return (
    <section>
      <p><Link href={`/patients/${patient.code}`}>← Patient {patient.code}</Link></p>
      <h1>{FORM_LABELS[form]} · {patient.code}</h1>
      <nav aria-label="Forms of this patient" className="toolbar">
        {FORM_KEYS.map((k) => k === form
          ? <span key={k} aria-current="page"><strong>{FORM_LABELS[k]}</strong></span>
          : <Link key={k} href={`/patients/${patient.code}/${k}`}>{FORM_LABELS[k]}</Link>)}
      </nav>
      {row?.status === 'locked' ? <p className="notice">This form is locked (signed). A coordinator must unlock it before any change.</p> : null}
      {body}
      <WorkflowPanel patientCode={patient.code} form={form} version={row?.version ?? null} status={row?.status ?? null}
        signature={row?.signedByName && row.signedAt ? { name: shownSigner(row.signedByName, row.signedByUserId), at: row.signedAt.toISOString(), meaning: row.signatureMeaning ?? '' } : null}
        signerName={signerPrintedName(user.displayName, user.email)}
        can={{ complete: can(user, 'crf.write', scope), verify: can(user, 'crf.verify', scope), lock: can(user, 'crf.lock', scope), unlock: can(user, 'crf.unlock', scope) }} />
      <QueriesPanel patientCode={patient.code} form={form} queries={formQueries}
        can={{ raise: can(user, 'query.raise', scope), answer: can(user, 'query.answer', scope), close: can(user, 'query.close', scope) }} />
    </section>
  );
}
