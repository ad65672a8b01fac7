'use client';
/**
 * Upload → preview report → confirm → import with a progress bar. The import streams NDJSON
 * progress lines from /data/import while its single transaction runs.
 */
import Link from 'next/link';
import { useRef, useState } from 'react';
import { importSummary } from '@/components/import/import-summary';
import { TableWrap } from '@/components/table-wrap';

interface Problem { row: number | null; patientId?: string; column: string | null; message: string; file?: string }
interface Report {
  fileName: string; format: string; rows: number; newPatients: number; updatedPatients: number; unchangedPatients: number;
  /** The long format of the course (a zip of the record tables, or the course JSON): counts of instances. */
  layout?: 'long'; newRecords?: number; updatedRecords?: number; unchangedRecords?: number;
  problemCount: number; problems: Problem[]; ok: boolean;
  /** The check the import must name (only a clean report has one); forms already complete/verified it changes. */
  previewId?: string | null; formsNeedingReason?: number;
}
type Progress = { phase: string; done: number; total: number };

type State =
  | { step: 'idle' }
  | { step: 'checking' }
  | { step: 'report'; report: Report }
  | { step: 'importing'; report: Report; progress: Progress | null }
  | { step: 'done'; report: Report }
  | { step: 'error'; message: string; report?: Report };

async function post(file: File, mode: 'preview' | 'commit', commit?: { previewId: string; reason: string }): Promise<Response> {
  const extra = commit ? `&preview=${encodeURIComponent(commit.previewId)}${commit.reason ? `&reason=${encodeURIComponent(commit.reason)}` : ''}` : '';
  return fetch(`/data/import?mode=${mode}&name=${encodeURIComponent(file.name)}${extra}`, {
    method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' },
  });
}

export function ImportPanel() {
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<State>({ step: 'idle' });
  const [reason, setReason] = useState('');
  const input = useRef<HTMLInputElement>(null);

  async function check(f: File) {
    setState({ step: 'checking' });
    try {
      const res = await post(f, 'preview');
      const body = (await res.json()) as { ok: boolean; message?: string; report?: Report };
      if (!res.ok || !body.report) { setState({ step: 'error', message: body.message ?? `The file could not be checked (HTTP ${res.status}).` }); return; }
      setState({ step: 'report', report: body.report });
      setReason('');
    } catch {
      setState({ step: 'error', message: 'The file could not be sent. Check your connection and try again.' });
    }
  }

  async function commit(f: File, report: Report) {
    if (!report.previewId) return;
    setState({ step: 'importing', report, progress: null });
    try {
      const res = await post(f, 'commit', { previewId: report.previewId, reason: reason.trim() });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => ({}))) as { message?: string };
        setState({ step: 'error', message: body.message ?? `Import refused (HTTP ${res.status}).` });
        return;
      }
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (!line.trim()) continue;
          const msg = JSON.parse(line) as { type: string; report?: Report; message?: string } & Progress;
          if (msg.type === 'progress') setState({ step: 'importing', report, progress: { phase: msg.phase, done: msg.done, total: msg.total } });
          else if (msg.type === 'done' && msg.report) setState({ step: 'done', report: msg.report });
          else if (msg.type === 'rejected' && msg.report) setState({ step: 'report', report: msg.report });
          else setState({ step: 'error', message: msg.message ?? 'The import failed. Nothing was imported.' });
        }
      }
    } catch {
      setState({ step: 'error', message: 'The connection was lost during the import. If it did not finish, nothing was imported; check the patients list.' });
    }
  }

  const report = 'report' in state ? state.report : undefined;
  return (
    <div>
      <form className="toolbar" onSubmit={(e) => { e.preventDefault(); if (file) void check(file); }}>
        <div className="field">
          <label htmlFor="import-file">Cohort file (CSV or JSON) or course file (zip or JSON)</label>
          <input id="import-file" ref={input} type="file" accept=".csv,.json,.zip,text/csv,application/json,application/zip"
            onChange={(e) => { setFile(e.target.files?.[0] ?? null); setState({ step: 'idle' }); }} />
        </div>
        <button type="submit" disabled={!file || state.step === 'checking' || state.step === 'importing'}>Check file</button>
      </form>

      {state.step === 'checking' ? <p className="notice" role="status">Checking the file…</p> : null}
      {state.step === 'error' ? <p className="notice error" role="alert">{state.message}</p> : null}

      {report && state.step !== 'done' ? (
        <div data-testid="import-report">
          <p className={`notice ${report.ok ? 'ok' : 'error'}`} role="status">
            {report.fileName}: {report.rows} row{report.rows === 1 ? '' : 's'} —{' '}
            {report.ok
              ? importSummary(report).text
              : `${report.problemCount} problem${report.problemCount === 1 ? '' : 's'} found. Nothing was imported. Correct the file and check it again.`}
          </p>
          {report.problems.length ? (
            <TableWrap label="Problems found in the file">
              <table>
                <caption className="muted">Problems{report.problemCount > report.problems.length ? ` (first ${report.problems.length} of ${report.problemCount})` : ''}</caption>
                <thead>
                  <tr>{report.layout === 'long' ? <th>File</th> : null}<th className="num">{report.layout === 'long' ? 'Line' : 'Row'}</th><th>Patient</th><th>Column</th><th>Problem</th></tr>
                </thead>
                <tbody>
                  {report.problems.map((p, i) => (
                    <tr key={i}>
                      {report.layout === 'long' ? <td>{p.file ?? '—'}</td> : null}
                      <td className="num">{p.row ?? 'file'}</td><td>{p.patientId ?? '—'}</td><td>{p.column ?? '—'}</td><td>{p.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : null}
          {report.ok && file && state.step === 'report' && report.formsNeedingReason ? (
            <div className="field">
              <label htmlFor="import-reason">
                Reason for the change ({report.formsNeedingReason} {report.layout === 'long' ? 'record' : 'form'}{report.formsNeedingReason === 1 ? ' is' : 's are'} already complete or verified; kept in the audit trail)
              </label>
              <input id="import-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
            </div>
          ) : null}
          {report.ok && file && state.step === 'report' && importSummary(report).button !== null ? (
            <button type="button" onClick={() => void commit(file, report)}
              disabled={!report.previewId || (Boolean(report.formsNeedingReason) && !reason.trim())}>
              {importSummary(report).button}
            </button>
          ) : null}
        </div>
      ) : null}

      {state.step === 'importing' ? (
        <div role="status">
          <label htmlFor="import-progress">
            {state.progress?.phase === 'writing' ? `Writing ${state.progress.done} of ${state.progress.total} ${state.report.layout === 'long' ? 'records' : 'patients'}…`
              : state.progress?.phase === 'committing' ? 'Committing…' : 'Validating…'}
          </label>
          <progress id="import-progress" max={state.progress?.total || 1} value={state.progress?.phase === 'writing' || state.progress?.phase === 'committing' ? state.progress.done : 0} />
        </div>
      ) : null}

      {state.step === 'done' ? (
        <p className="notice ok" role="status" data-testid="import-done">
          {state.report.layout === 'long'
            ? `Imported ${state.report.fileName}: ${state.report.newRecords ?? 0} new record${state.report.newRecords === 1 ? '' : 's'}, ${state.report.updatedRecords ?? 0} updated, ${state.report.unchangedRecords ?? 0} unchanged. `
            : `Imported ${state.report.fileName}: ${state.report.newPatients} new patient${state.report.newPatients === 1 ? '' : 's'}, ${state.report.updatedPatients} updated, ${state.report.unchangedPatients} unchanged. `}
          <Link href="/patients">Open the patients list</Link>
        </p>
      ) : null}
    </div>
  );
}
