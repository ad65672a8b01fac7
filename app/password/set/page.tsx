import Link from 'next/link';
import { getDb } from '@/db/client';
import { checkPasswordLink, LINK_INVALID } from '@/lib/services/account/set-password-with-link';
import { passwordTokenSchema } from '@/lib/validation/password-link';
import { SetPasswordForm } from '@/components/password/set-password-form';

export const metadata = { title: 'Choose a password' };

export default async function SetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).token;
  const token = passwordTokenSchema.safeParse(typeof raw === 'string' ? raw : '');
  const link = token.success ? await checkPasswordLink(await getDb(), token.data) : null;
  return (
    <section className="card narrow">
      <h1>Choose a password</h1>
      {link && token.success
        ? <SetPasswordForm token={token.data} email={link.email} />
        : <><p role="alert">{LINK_INVALID}</p><p><Link href="/password/forgot">Ask for a new link</Link></p></>}
    </section>
  );
}
