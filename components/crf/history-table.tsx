/** A patient's audit history, newest first, paged with plain links (works without JavaScript). */
import Link from 'next/link';
import type { HistoryRow } from '@/lib/services/crf/read-crf';
import { actionLabel, fieldLabel, isHiddenHistoryRow, tableLabel, valueLabel } from './history-labels';
import { TableWrap } from '@/components/table-wrap';

export function HistoryTable({ code, rows, page, pageSize, total }: { code: string; rows: HistoryRow[]; page: number; pageSize: number; total: number }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const shown = rows.filter((r) => !isHiddenHistoryRow(r));
  const hidden = rows.length - shown.length;
  return (
    <section className="card" aria-labelledby="history-h" id="history">
      <h2 id="history-h">History ({total} change{total === 1 ? '' : 's'})</h2>
      <TableWrap labelledBy="history-h">
        <table data-testid="history">
          <thead><tr><th>When (UTC)</th><th>Who</th><th>What</th><th>Field</th><th>Old</th><th>New</th><th>Reason</th></tr></thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">{r.at.replace('T', ' ').slice(0, 19)}</td><td>{r.actor}</td><td>{tableLabel(r.table)} · {actionLabel(r.action)}</td>
                <td>{fieldLabel(r.table, r.field) ?? '—'}</td><td>{valueLabel(r.table, r.field, r.oldValue) ?? '—'}</td><td>{valueLabel(r.table, r.field, r.newValue) ?? '—'}</td><td>{r.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {hidden ? <p className="muted">{hidden} bookkeeping entr{hidden === 1 ? 'y' : 'ies'} (record ids, version numbers, last-change stamps, empty choices of a new form) not shown on this page; the audit trail has them all.</p> : null}
      <nav aria-label="History pages" className="toolbar" style={{ marginTop: '.5rem' }}>
        {page > 1 ? <Link href={`/patients/${code}?historyPage=${page - 1}#history`}>← Newer</Link> : null}
        <span className="muted">Page {page} of {pages}</span>
        {page < pages ? <Link href={`/patients/${code}?historyPage=${page + 1}#history`}>Older →</Link> : null}
      </nav>
    </section>
  );
}
