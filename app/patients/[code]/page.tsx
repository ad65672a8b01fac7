import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { ServiceError } from '@/lib/services/errors';
import { getPatientForUser } from '@/lib/services/patients/read-patients';
import { CrfSummary } from '@/components/crf-summary';

export default async function PatientPage({ params }: { params: Promise<{ code: string }> }) {
  const user = await requireUser('patient.read');
  const { code } = await params;
  let data;
  try {
    data = await getPatientForUser(await getDb(), user, decodeURIComponent(code));
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'not_found') notFound();
    throw err;
  }
  const { patient, forms } = data;
  return (
    <section>
      <h1>Patient {patient.code}</h1>
      <dl className="facts card">
        <dt>Centre</dt><dd>{patient.centreCode} · {patient.centreName}</dd>
        <dt>Sex</dt><dd>{patient.sex}</dd>
        <dt>Birth year</dt><dd>{patient.birthYear}</dd>
        <dt>Record status</dt><dd>{patient.status}</dd>
      </dl>
      <CrfSummary forms={forms} />
    </section>
  );
}
