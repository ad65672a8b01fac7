/**
 * The record home's grid: every CRF and every record kind of the patient with its instances as
 * status chips (colour and the status in words, struck through when entered in error, open
 * queries counted), a link to each, to a kind's list and to add an instance.
 */
import Link from 'next/link';
import { TableWrap } from '@/components/table-wrap';
import styles from './course.module.css';
import type { GridCell, GridRow } from './home-grid';

function Chip({ cell, label }: { cell: GridCell; label: string }) {
  const state = cell.enteredInError ? 'entered in error' : cell.status ?? 'not started';
  const cls = cell.enteredInError ? 'error' : cell.status ?? 'none';
  return (
    <Link href={cell.href} className={`${styles.chip} ${styles[cls] ?? ''}`} data-testid="grid-cell" data-status={cls}
      title={cell.seq === null ? `Open the ${label} form` : undefined}>
      <span><span className={styles.seq}>{cell.seq === null ? 'Open' : `#${cell.seq}`}</span>{cell.date ? <> · <span className={styles.date}>{cell.date}</span></> : null}</span>
      <span className={styles.state}>{cell.note ? `${cell.note} · ` : ''}{state}</span>
      {cell.openQueries ? <span className={styles.queries}>{cell.openQueries} open quer{cell.openQueries === 1 ? 'y' : 'ies'}</span> : null}
    </Link>
  );
}

export function RecordHomeGrid({ rows }: { rows: GridRow[] }) {
  return (
    <section className="card" aria-labelledby="record-home-h" data-testid="record-home">
      <h2 id="record-home-h">Forms and records</h2>
      <TableWrap labelledBy="record-home-h">
        <table className={styles.grid}>
          <thead><tr><th scope="col">Form or record</th><th scope="col">Instances (status)</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-testid={`grid-row-${r.key}`}>
                <th scope="row">
                  {r.listHref ? <Link href={r.listHref}>{r.label}</Link> : r.label}
                  {r.repeating ? <><br /><span className="muted" style={{ fontWeight: 400, fontSize: '.85rem' }}>{r.cells.length} recorded</span></> : null}
                </th>
                <td>
                  <ul className={styles.instances}>
                    {r.cells.map((c) => <li key={c.href}><Chip cell={c} label={r.label} /></li>)}
                    {r.addHref ? <li><Link href={r.addHref} className={styles.add}>+ Add<span className={styles.srOnly}> {r.noun}</span></Link></li> : null}
                    {r.repeating && !r.cells.length && !r.addHref ? <li className="muted">none</li> : null}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
