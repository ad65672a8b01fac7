/** The record home's timeline: the course in date order, each event linked to the form or record that holds it. */
import Link from 'next/link';
import styles from './course.module.css';
import type { TimelineEvent, TimelineKind, UndatedRecord } from './timeline-events';

const KIND: Record<TimelineKind, string> = {
  start: 'start', visit: 'visit', progression: 'progression', 'adverse-event': 'adverse event', dose: 'dose', interruption: 'interruption',
  test: 'test', discontinuation: 'discontinuation', therapy: 'next treatment', death: 'death', 'last-contact': 'last contact',
};

export function CourseTimeline({ code, events, undated }: { code: string; events: TimelineEvent[]; undated: UndatedRecord[] }) {
  return (
    <section className="card" aria-labelledby="timeline-h" data-testid="timeline">
      <h2 id="timeline-h">Timeline</h2>
      {events.length === 0 ? <p className="muted">Nothing dated recorded yet.</p> : (
        <ol className={styles.timeline}>
          {events.map((e, i) => (
            <li key={`${e.kind}-${e.href}-${i}`} data-kind={e.kind} className={e.emphasis ? styles.emph : undefined}>
              <time dateTime={e.date}>{e.date}</time>
              <div>
                <span className={styles.kind}>{KIND[e.kind]}</span>
                <Link href={`/patients/${code}/${e.href}`}>{e.title}</Link>
                {e.details.length ? <div className={styles.details}>{e.details.join(' · ')}</div> : null}
              </div>
            </li>
          ))}
        </ol>
      )}
      {undated.length ? (
        <p className="notice" data-testid="timeline-undated">
          Not on the timeline (no date yet):{' '}
          {undated.map((u, i) => <span key={u.href}>{i ? ', ' : ''}<Link href={`/patients/${code}/${u.href}`}>{u.title}</Link></span>)}
        </p>
      ) : null}
    </section>
  );
}
