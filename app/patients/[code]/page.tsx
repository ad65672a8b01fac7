import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/permissions';
import { deriveCourse } from '@/lib/course/derive';
import { countOpenQueries, loadCourse, queryRecordSeqs } from '@/lib/dal/course-read';
import { ServiceError } from '@/lib/services/errors';
import { getCrfForUser, readPatientHistory } from '@/lib/services/crf/read-crf';
import { CrfSummary } from '@/components/crf-summary';
import { HistoryTable } from '@/components/crf/history-table';
import { placeLabel } from '@/components/crf/place-label';
import { courseInputOf, timelineInputOf } from '@/components/course/course-input';
import { CourseStats } from '@/components/course/course-stats';
import { CourseTimeline } from '@/components/course/course-timeline';
import { buildHomeGrid } from '@/components/course/home-grid';
import { RecordHomeGrid } from '@/components/course/record-home-grid';
import { SwimmerPlot } from '@/components/course/swimmer-plot';
import { buildTimeline } from '@/components/course/timeline-events';
import { codeLabel, fieldOfForm, fieldText, isRecordKind, recordDef } from '@/lib/dictionary';
import { parsePageParam } from '@/lib/http/page-param';

/**
 * The record home: the patient's facts, a grid of every form and course record with its status
 * (REDCap's record home), the ibrutinib course as a swimmer plot, the timeline, the forms' contents
 * and the history. The patient is resolved inside the user's centre scope first (another centre's
 * patient is a 404); the course is then read by that patient's id.
 */
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
  const [course, openCounts, recordSeqs] = await Promise.all([loadCourse(db, patient.id), countOpenQueries(db, patient.id), queryRecordSeqs(db, patient.id)]);
  const openQueries = queries.filter((q) => q.status !== 'closed');
  const canWrite = can(user, 'crf.write', { centreId: patient.centreId }) && patient.status === 'active';
  const grid = buildHomeGrid({
    code: patient.code, canWrite, openQueries: openCounts, course,
    forms: { baseline: forms.baseline, response: forms.response, discontinuation: forms.discontinuation, therapies: forms.therapyForm, 'follow-up': forms.followUp },
  });
  const derived = deriveCourse(courseInputOf(forms, course));
  const timeline = buildTimeline(timelineInputOf(forms, course));
  const d = forms.discontinuation;
  const f = forms.followUp;
  // Where a query sits: a CRF field, or a field of one instance of a course record.
  const queryPlace = (q: (typeof openQueries)[number]) => {
    const seq = recordSeqs.get(q.id);
    if (seq === undefined || !isRecordKind(q.form)) return { href: `/patients/${patient.code}/${q.form}`, label: placeLabel(q.form, q.field) };
    const def = recordDef(q.form);
    const field = fieldOfForm(q.form, q.field);
    return { href: `/patients/${patient.code}/${def.slug}/${seq}`, label: `${def.label} ${seq} · ${field ? fieldText(field).label : q.field}` };
  };
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
          <ul>{openQueries.map((q) => {
            const place = queryPlace(q);
            return <li key={q.id}><Link href={place.href}>{place.label}</Link>: {q.question} ({q.status})</li>;
          })}</ul>
        </div>
      ) : null}
      <p className="toolbar">
        <Link href={`/patients/checks${can(user, 'patient.create') ? '' : `?centre=${patient.centreCode}`}`}>Edit checks of {patient.centreCode}</Link>
      </p>
      <RecordHomeGrid rows={grid} />
      <section className="card" aria-labelledby="course-h">
        <h2 id="course-h">Ibrutinib course</h2>
        <CourseStats course={derived} />
        <SwimmerPlot id="swimmer" course={derived}
          discontinuationReason={d?.reason ? (d.reason === 'other' && d.reasonOther ? d.reasonOther : codeLabel('discReason', d.reason).toLowerCase()) : null}
          deathCause={f?.deathCause ? (f.deathCause === 'other' && f.deathCauseOther ? f.deathCauseOther : f.deathCause) : null} />
      </section>
      <CourseTimeline code={patient.code} events={timeline.events} undated={timeline.undated} />
      <h2>Forms</h2>
      <CrfSummary forms={forms} code={patient.code} />
      {historyNotice ? <p className="notice" role="status" data-testid="history-page-notice">{historyNotice}</p> : null}
      <HistoryTable code={patient.code} {...history} />
    </section>
  );
}
