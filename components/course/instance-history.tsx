/** The audit trail of one course-record instance: every change, who made it, when and why (newest first). */
import { TableWrap } from '@/components/table-wrap';
import { actionLabel, fieldLabel, isHiddenHistoryRow, valueLabel } from '@/components/crf/history-labels';
import type { loadInstanceHistory } from '@/lib/dal/course-read';

type Row = Awaited<ReturnType<typeof loadInstanceHistory>>[number];

export function InstanceHistory({ rows }: { rows: Row[] }) {
  const shown = rows.filter((r) => !isHiddenHistoryRow(r));
  return (
    <section className="card" aria-labelledby="instance-history-h">
      <h2 id="instance-history-h">History ({shown.length} change{shown.length === 1 ? '' : 's'})</h2>
      <TableWrap labelledBy="instance-history-h">
        <table data-testid="instance-history">
          <thead><tr><th>When (UTC)</th><th>Who</th><th>What</th><th>Field</th><th>Old</th><th>New</th><th>Reason</th></tr></thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">{r.at.toISOString().replace('T', ' ').slice(0, 19)}</td><td>{r.actorLabel}</td><td>{actionLabel(r.action)}</td>
                <td>{fieldLabel(r.tableName, r.field) ?? '—'}</td><td>{valueLabel(r.tableName, r.field, r.oldValue) ?? '—'}</td>
                <td>{valueLabel(r.tableName, r.field, r.newValue) ?? '—'}</td><td>{r.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p className="muted">Bookkeeping entries (version numbers, last-change stamps) are in the audit trail.</p>
    </section>
  );
}
