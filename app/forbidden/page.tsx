export const metadata = { title: 'Not allowed' };

export default function Forbidden() {
  return (
    <section className="card">
      <h1>Not allowed</h1>
      <p>Your role does not give access to this page.</p>
    </section>
  );
}
