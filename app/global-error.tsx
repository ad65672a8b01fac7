'use client';
/**
 * The root layout itself failed (e.g. the database did not answer while reading the session): this
 * replaces the whole document, so it brings its own <html>. The layout's request id is not
 * available here; the error digest is, and the server's log line carries it with the request id.
 */
import Link from 'next/link';

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body>
        <main id="main" className="site-main">
          <section role="alert">
            <h1>Something went wrong</h1>
            <p>The registry could not show this page. Please try again in a moment.</p>
            {error.digest ? <p>If you report this, quote the reference <code data-testid="error-reference">error {error.digest}</code>.</p> : null}
            <p><Link href="/patients">Back to patients</Link></p>
          </section>
        </main>
      </body>
    </html>
  );
}
