import Link from 'next/link';
import { auditActionLabel, auditFieldLabel, auditTableLabel } from '@/components/audit/audit-labels';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { auditFilterOptions } from '@/lib/services/audit/audit-filter-options';
import { auditFilterSchema, cursorProblem, dateRangeProblem, listAuditEvents, type AuditFilter } from '@/lib/services/audit/list-audit-events';
import { TableWrap } from '@/components/table-wrap';

export const metadata = { title: 'Audit trail' };

type SP = Record<string, string | string[] | undefined>;

function toQuery(f: AuditFilter, cursor?: string): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, cursor })) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<SP> }) {
  const user = await requireUser('audit.view');
  const sp = await searchParams;
  const raw = Object.fromEntries(Object.entries(sp).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  const parsed = auditFilterSchema.safeParse(raw);
  const parsedFilter: AuditFilter = parsed.success ? parsed.data : {};
  // An edited or truncated page link: the newest events, with a notice (never a query on a bad cursor).
  const badCursor = cursorProblem(parsedFilter);
  const filter: AuditFilter = badCursor ? { ...parsedFilter, cursor: undefined } : parsedFilter;
  const db = await getDb();
  const [page, options] = await Promise.all([listAuditEvents(db, user, filter), auditFilterOptions(db, user)]);
  const { cursor, ...without } = filter;
  const rangeProblem = dateRangeProblem(filter);
  return (
    <section>
      <h1>Audit trail</h1>
      {!parsed.success ? <p className="notice error" role="alert">Some filters were not valid and were ignored: {parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}</p> : null}
      {badCursor ? <p className="notice error" role="alert" data-testid="audit-cursor-problem">{badCursor}</p> : null}
      {rangeProblem ? (
        <p className="notice error" role="alert" data-testid="audit-range-problem">
          {rangeProblem} <Link href={`/audit${toQuery({ ...without, from: filter.to, to: filter.from })}`}>Show {filter.to} to {filter.from}</Link>
        </p>
      ) : null}
      <form className="toolbar" method="get" aria-label="Audit filters">
        <div className="field"><label htmlFor="actorId">User</label>
          <select id="actorId" name="actorId" defaultValue={filter.actorId ?? ''}>
            <option value="">All users</option>
            {options.users.map((u) => <option key={u.id} value={u.id}>{u.label}</option>)}
          </select></div>
        <div className="field"><label htmlFor="centreId">Centre</label>
          <select id="centreId" name="centreId" defaultValue={filter.centreId ?? ''}>
            <option value="">All centres</option>
            {options.centres.map((c) => <option key={c.id} value={c.id}>{c.code}</option>)}
          </select></div>
        <div className="field"><label htmlFor="patient">Patient id</label>
          <input id="patient" name="patient" defaultValue={filter.patient ?? ''} placeholder="PL-01-005" /></div>
        <div className="field"><label htmlFor="table">Form / table</label>
          <select id="table" name="table" defaultValue={filter.table ?? ''}>
            <option value="">All</option>
            {options.tables.map((t) => <option key={t} value={t}>{auditTableLabel(t)}</option>)}
          </select></div>
        <div className="field"><label htmlFor="action">Action</label>
          <select id="action" name="action" defaultValue={filter.action ?? ''}>
            <option value="">All</option>
            {options.actions.map((a) => <option key={a} value={a}>{auditActionLabel(a)}</option>)}
          </select></div>
        <div className="field"><label htmlFor="from">From</label><input id="from" name="from" type="date" defaultValue={filter.from ?? ''} /></div>
        <div className="field"><label htmlFor="to">To</label><input id="to" name="to" type="date" defaultValue={filter.to ?? ''} /></div>
        <button type="submit">Filter</button>
        <a className="button secondary" href={`/audit/export${toQuery(without)}`} download>Export CSV</a>
      </form>
      <p className="muted">Newest first, {page.rows.length} event{page.rows.length === 1 ? '' : 's'} on this page. Times in UTC.</p>
      {/* Dense: one line per event where the values allow (who, when, which patient never wrap; old and
          new value share a column); the action, form and field in words with the stored name in the
          title (and in the CSV export, which keeps separate old and new columns). */}
      <TableWrap label="Audit events">
        <table data-testid="audit-table" className="audit-table">
          <thead><tr><th>Time (UTC)</th><th>User</th><th>Action</th><th>Form / table</th><th>Patient</th><th>Centre</th><th>Field</th><th>Old → new value</th><th>Reason</th></tr></thead>
          <tbody>
            {page.rows.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">{r.atUtc}</td>
                <td className="nowrap">{r.actorLabel}</td>
                <td className="label" title={r.action}>{auditActionLabel(r.action)}</td>
                <td className="label" title={r.tableName}>{auditTableLabel(r.tableName)}</td>
                <td className="nowrap">{r.patientCode ? <Link href={`/patients/${r.patientCode}`}>{r.patientCode}</Link> : '—'}</td>
                <td className="nowrap">{r.centreCode ?? '—'}</td>
                <td className="label" title={r.field ?? undefined}>{r.field ? auditFieldLabel(r.tableName, r.field) : '—'}</td>
                <td className="value">{r.oldValue === null && r.newValue === null ? '—' : <>{r.oldValue ?? '—'} → {r.newValue ?? '—'}</>}</td>
                <td className="value">{r.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <nav className="toolbar" aria-label="Pages">
        {cursor ? <Link className="button secondary" href={`/audit${toQuery(without)}`}>First page</Link> : null}
        {page.nextCursor ? <Link className="button secondary" href={`/audit${toQuery(without, page.nextCursor)}`}>Older events</Link> : null}
      </nav>
    </section>
  );
}
