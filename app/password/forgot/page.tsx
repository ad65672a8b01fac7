import Link from 'next/link';
import { ForgotPasswordForm } from '@/components/password/forgot-password-form';

export const metadata = { title: 'Forgot password' };

export default function ForgotPasswordPage() {
  return (
    <section className="card narrow">
      <h1>Forgot password</h1>
      <p>Enter the e-mail address of your account: we send a link to choose a new password.</p>
      <ForgotPasswordForm />
      <p><Link href="/login">Back to the login</Link></p>
    </section>
  );
}
