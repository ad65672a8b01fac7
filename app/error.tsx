'use client';
/**
 * A page failed on the server. The message is generic (details stay in the server log); the
 * reference ties this screen to the server's log line (components/request-reference.tsx).
 */
import Link from 'next/link';
import { useErrorReference } from '@/components/request-reference';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const reference = useErrorReference(error.digest);
  return (
    <section className="card" role="alert">
      <h1>Something went wrong</h1>
      <p>The server could not show this page. Nothing you saved before is lost.</p>
      {reference ? <p>If you report this, quote the reference <code data-testid="error-reference">{reference}</code>.</p> : null}
      <p>
        <button type="button" onClick={() => reset()}>Try again</button>{' '}
        <Link href="/patients">Back to patients</Link>
      </p>
    </section>
  );
}
