import Link from 'next/link';
import { CHECK_KINDS, KIND_LABELS, type CheckKind } from '@/lib/edit-checks/findings';
import { editCheckSearch } from '@/lib/edit-checks/params';
import type { CentreSummary, CheckCounts } from '@/lib/services/crf/edit-checks';
import { TableWrap } from '@/components/table-wrap';

/** All centres at a glance: findings by kind per centre, each linking to that centre's list (of that kind). */
export function CentreSummaryTable({ summary, totals }: { summary: CentreSummary[]; totals: CheckCounts }) {
  const cell = (n: number, centreCode: string | undefined, kind: CheckKind) =>
    n ? <Link href={`/patients/checks${editCheckSearch({ centreCode, kind })}`}>{n}</Link> : '0';
  return (
    <TableWrap label="Findings per centre">
      <table data-testid="centre-summary">
        <thead>
          <tr><th>Centre</th><th className="num">Patients</th>
            {CHECK_KINDS.map((k) => <th key={k} className="num">{KIND_LABELS[k]}</th>)}<th className="num">All findings</th></tr>
        </thead>
        <tbody>
          {summary.map((s) => (
            <tr key={s.centre.id} data-centre={s.centre.code}>
              <td><Link href={`/patients/checks${editCheckSearch({ centreCode: s.centre.code })}`}>{s.centre.code}</Link> · {s.centre.name}</td>
              <td className="num">{s.patients}</td>
              {CHECK_KINDS.map((k) => <td key={k} className="num">{cell(s.byKind[k], s.centre.code, k)}</td>)}
              <td className="num">{s.findings}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-centre="total"><th>Total</th><td className="num">{totals.patients}</td>
            {CHECK_KINDS.map((k) => <td key={k} className="num">{cell(totals.byKind[k], undefined, k)}</td>)}
            <td className="num">{totals.findings}</td></tr>
        </tfoot>
      </table>
    </TableWrap>
  );
}
