/**
 * Says where a dashboard's numbers came from when it matters: a read replica that was behind the
 * primary ("data as of …", with the lag), or a replica that could not be used (read from the primary
 * instead). Nothing when the replica was up to date or none is configured (db/replica.ts).
 */
import type { FallbackReason, ReadSource } from '@/db/replica';

const FALLBACK_WHY: Record<FallbackReason, string> = {
  'unreachable': 'cannot be reached',
  'not-a-standby': 'is no longer a standby of this database',
  'read-failed': 'failed while reading',
};

/** "42 s", "3 min 05 s", "2 h 04 min": lags range from a second to days (replay paused). */
export function formatLag(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

/** The notice's sentence, or null when there is nothing to say. */
export function replicaNoticeText(source: ReadSource): string | null {
  if (source.kind === 'fallback') return `The read replica ${FALLBACK_WHY[source.reason]}: these analyses were read from the primary database instead, and are up to date.`;
  if (source.kind !== 'replica' || !source.stale) return null;
  const asOf = source.asOf ? `${source.asOf.toISOString().slice(0, 19).replace('T', ' ')} UTC` : 'an unknown time';
  const lag = source.lagSeconds === null ? '' : ` (replica lag ${formatLag(source.lagSeconds)})`;
  return `Data as of ${asOf}${lag}: the read replica has not yet replayed the latest changes, so saves made since then are not in these analyses.`;
}

export function ReplicaNotice({ source }: { source: ReadSource }) {
  const text = replicaNoticeText(source);
  if (!text) return null;
  return (
    <p className="notice" role="status" data-testid="replica-notice" data-source={source.kind} style={{ marginBottom: '1rem' }}>
      {text}
    </p>
  );
}
