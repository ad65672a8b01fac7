import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="card">
      <h1>Not found</h1>
      <p>This page or record does not exist, or it is outside your centre.</p>
      <p><Link href="/patients">Back to patients</Link></p>
    </section>
  );
}
