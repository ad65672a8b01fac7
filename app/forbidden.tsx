import Link from 'next/link';

/**
 * Rendered, with HTTP 403, when a page calls forbidden() (requireUser with a permission the role
 * lacks). The address stays the one asked for, so the user can see what was refused.
 */
export default function Forbidden() {
  return (
    <section className="card">
      <h1>Not allowed</h1>
      <p>Your role does not give access to this page.</p>
      <p><Link href="/">Back to the start page</Link></p>
    </section>
  );
}
