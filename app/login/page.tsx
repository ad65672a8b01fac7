import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/current-user';
import { LoginForm } from '@/components/login-form';

export const metadata = { title: 'Log in' };

export default async function LoginPage() {
  if (await getCurrentUser()) redirect('/patients');
  return (
    <section className="card narrow">
      <h1>Log in</h1>
      <LoginForm />
    </section>
  );
}
