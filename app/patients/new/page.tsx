import { randomUUID } from 'node:crypto';
import { requireUser } from '@/lib/auth/current-user';
import { RegisterPatientForm } from '@/components/crf/register-patient-form';

export const metadata = { title: 'Register a patient' };

export default async function NewPatientPage() {
  const user = await requireUser('patient.create');
  return (
    <section>
      <h1>Register a patient</h1>
      <RegisterPatientForm idempotencyKey={randomUUID()} centreCode={user.centreCode ?? ''} />
    </section>
  );
}
