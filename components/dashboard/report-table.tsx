/** A report table with its notes, provenance and a CSV download link (served by /dashboard/export). */
import type { Provenance } from '@/lib/analysis/csv';
import type { ReportTable } from '@/lib/analysis/types';
import { TableWrap } from '@/components/table-wrap';

export function ProvenanceNote({ p }: { p: Provenance }) {
  return (
    <p className="muted" data-testid="provenance" style={{ fontSize: '.85rem' }}>
      Population: {p.population} · Cut-off: {p.cutoff} · Method: {p.method}
    </p>
  );
}

/**
 * `maxRows`: long listings show their first rows on the page; the CSV always holds all of them.
 * `provenance`: only when no other card on the page already states it (the caption appears once per
 * card and is not repeated under every table of the same analysis); the CSV always carries it.
 */
export function ReportTableView({ table, provenance, csvHref, maxRows }: { table: ReportTable; provenance?: Provenance; csvHref: string; maxRows?: number }) {
  const shown = maxRows !== undefined && table.rows.length > maxRows ? table.rows.slice(0, maxRows) : table.rows;
  // Text columns wrap between words (never inside one: "pneu/moni/a"), numbers stay on one line.
  const kind = (j: number) => table.columnKinds?.[j] ?? (j === 0 ? 'text' : 'num');
  return (
    <section className="card" aria-labelledby={`${table.id}-title`} data-testid={`table-${table.id}`}>
      <div className="toolbar" style={{ justifyContent: 'space-between', marginBottom: '.5rem' }}>
        <h2 id={`${table.id}-title`} style={{ margin: 0 }}>{table.title}</h2>
        <a className="button secondary" href={csvHref} download>Download CSV</a>
      </div>
      <TableWrap labelledBy={`${table.id}-title`}>
        <table className="report-table">
          <thead><tr>{table.columns.map((c, i) => <th key={i} className={kind(i)}>{c}</th>)}</tr></thead>
          <tbody>
            {shown.map((r, i) => (
              <tr key={r.key ?? i} data-row={r.key}>
                {r.cells.map((c, j) => (
                  <td key={j} className={kind(j)}
                    style={j === 0 ? { paddingLeft: `${0.6 + (r.indent ?? 0) * 1.2}rem`, fontWeight: r.indent === 0 && r.cells.slice(1).every((x) => x === '') ? 600 : undefined } : undefined}>
                    {c}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {shown.length < table.rows.length ? (
        <p className="notice" data-testid={`${table.id}-truncated`}>Showing {shown.length} of {table.rows.length} rows: download the CSV for all of them.</p>
      ) : null}
      {table.notes.length ? <ul className="muted" style={{ fontSize: '.85rem' }}>{table.notes.map((n, i) => <li key={i}>{n}</li>)}</ul> : null}
      {provenance ? <ProvenanceNote p={provenance} /> : null}
    </section>
  );
}
