import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/permissions';
import { ServiceError } from '@/lib/services/errors';
import { getCrfForUser, readPatientHistory } from '@/lib/services/crf/read-crf';
import { CrfSummary } from '@/components/crf-summary';
import { HistoryTable } from '@/components/crf/history-table';
import { placeLabel } from '@/components/crf/place-label';
import { codeLabel } from '@/lib/dictionary';
import { parsePageParam } from '@/lib/http/page-param';

export default async function PatientPage({ params, searchParams }: {
  params: Promise<{ code: string }>; searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser('patient.read');
  const { code } = await params;
  const sp = await searchParams;
  const { page: historyPage, notice: historyNotice } = parsePageParam(sp.historyPage, 'History page');
  const db = await getDb();
  let data;
  let history;
  try {
    data = await getCrfForUser(db, user, decodeURIComponent(code));
    history = await readPatientHistory(db, user, data.patient.code, historyPage);
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'not_found') notFound();
    throw err;
  }
  const { patient, forms, queries } = data;
  const openQueries = queries.filter((q) => q.status !== 'closed');
  return (
    <section>
      <h1>Patient {patient.code}</h1>
      <dl className="facts card">
        <dt>Centre</dt><dd>{patient.centreCode} · {patient.centreName}</dd>
        <dt>Sex</dt><dd>{codeLabel('sex', patient.sex)}</dd>
        <dt>Birth year</dt><dd>{patient.birthYear}</dd>
        <dt>Record status</dt><dd>{codeLabel('patientStatus', patient.status)}</dd>
        <dt>Open queries</dt><dd>{openQueries.length ? <span className="badge alert" data-testid="open-queries">{openQueries.length} open</span> : 'none'}</dd>
      </dl>
      {openQueries.length ? (
        <div className="card">
          <h2>Open data queries</h2>
          <ul>{openQueries.map((q) => <li key={q.id}><Link href={`/patients/${patient.code}/${q.form}`}>{placeLabel(q.form, q.field)}</Link>: {q.question} ({q.status})</li>)}</ul>
        </div>
      ) : null}
      <p className="toolbar">
        <Link href={`/patients/checks${can(user, 'patient.create') ? '' : `?centre=${patient.centreCode}`}`}>Edit checks of {patient.centreCode}</Link>
      </p>
      <CrfSummary forms={forms} code={patient.code} />
      {historyNotice ? <p className="notice" role="status" data-testid="history-page-notice">{historyNotice}</p> : null}
      <HistoryTable code={patient.code} {...history} />
    </section>
  );
}
