'use client';
/** Data queries of one form or of one instance of a course record: coordinators raise and close them, investigators answer. */
import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { answerQueryAction, closeQueryAction, raiseQueryAction } from '@/app/patients/actions';
import { raiseRecordQueryAction } from '@/app/patients/[code]/course-actions';
import { entryFieldsOf, fieldLabel, valueKey, type RecordKind } from '@/lib/dictionary';
import type { ActionResult } from '@/lib/actions/result';
import { FORM_FIELDS, type FormKey } from '@/lib/validation/forms';
import type { QueryView } from './types';
import { CharacterCount } from '../character-count';

export function QueriesPanel({ patientCode, form, queries, can }: {
  patientCode: string; form: FormKey | { kind: RecordKind; seq: number }; queries: QueryView[]; can: { raise: boolean; answer: boolean; close: boolean };
}) {
  const router = useRouter();
  const fields = typeof form === 'string' ? FORM_FIELDS[form] : recordFields(form.kind);
  const [pending, setPending] = useState(false);
  const busy = useRef(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [field, setField] = useState('');
  const [question, setQuestion] = useState('');
  const [answers, setAnswers] = useState<Record<number, string>>({});

  async function run(fn: () => Promise<ActionResult<unknown>>, ok: string, errorPrefix = '') {
    if (busy.current) return;
    busy.current = true; setPending(true); setMessage(null); setErrors({});
    try {
      const res = await fn();
      if (res.ok) { setMessage({ kind: 'ok', text: ok }); setQuestion(''); setAnswers({}); router.refresh(); return; }
      const fe: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.fieldErrors ?? {})) fe[`${errorPrefix}${k}`] = v.join(' ');
      setErrors(fe);
      setMessage({ kind: 'error', text: res.message });
    } finally { busy.current = false; setPending(false); }
  }

  return (
    <section className="card" aria-labelledby="queries-h">
      <h2 id="queries-h">Data queries</h2>
      <div role="status" aria-live="polite">{message ? <p className={`notice ${message.kind}`}>{message.text}</p> : null}</div>
      {queries.length === 0 ? <p className="muted">No queries on this {typeof form === 'string' ? 'form' : 'record'}.</p> : (
        <ul style={{ listStyle: 'none', padding: 0 }}>
          {queries.map((q) => (
            <li key={q.id} className="card" data-testid="query-item">
              <p><span className={`badge ${q.status === 'closed' ? '' : 'alert'}`}>{q.status}</span>{' '}
                <strong>{fields[q.field] ?? q.field}</strong>: {q.question} <span className="muted">— {q.raisedByName}, {q.createdAt.slice(0, 10)}</span></p>
              {q.answer ? <p>Answer{q.answeredByName ? ` (${q.answeredByName})` : ''}: {q.answer}</p> : null}
              {/* An open query is answered here; an answered one waits for the coordinator (issue 16, defect 9). */}
              {can.answer && q.status === 'open' ? (
                <form className="form" onSubmit={(e) => { e.preventDefault(); void run(() => answerQueryAction({ queryId: q.id, answer: answers[q.id] ?? '' }), 'Answer sent.', `${q.id}.`); }}>
                  <label htmlFor={`answer-${q.id}`}>Your answer to this query</label>
                  <textarea id={`answer-${q.id}`} rows={2} value={answers[q.id] ?? ''} onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })}
                    aria-invalid={errors[`${q.id}.answer`] ? true : undefined} aria-describedby={`answer-${q.id}-error answer-${q.id}-count`} />
                  <CharacterCount id={`answer-${q.id}-count`} length={(answers[q.id] ?? '').length} max={1000} threshold={0.75} />
                  <span id={`answer-${q.id}-error`} className="field-error">{errors[`${q.id}.answer`] ?? ''}</span>
                  <button type="submit" disabled={pending}>Send answer</button>
                </form>
              ) : null}
              {can.close && q.status !== 'closed' ? (
                <button type="button" className="secondary" disabled={pending} onClick={() => run(() => closeQueryAction({ queryId: q.id }), 'Query closed.')}>Close query</button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {can.raise ? (
        <form className="form" onSubmit={(e) => { e.preventDefault(); void run(() => (typeof form === 'string'
          ? raiseQueryAction({ patientCode, form, field, question })
          : raiseRecordQueryAction({ patientCode, kind: form.kind, seq: form.seq, field, question })), 'Query raised.'); }}>
          <h3>Raise a query</h3>
          <label htmlFor="query-field">Field</label>
          <select id="query-field" value={field} onChange={(e) => setField(e.target.value)} aria-invalid={errors.field ? true : undefined} aria-describedby="query-field-error">
            <option value="">Choose…</option>
            {Object.entries(fields).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
          </select>
          <span id="query-field-error" className="field-error">{errors.field ?? ''}</span>
          <label htmlFor="query-question">Question</label>
          <textarea id="query-question" rows={2} value={question} onChange={(e) => setQuestion(e.target.value)}
            aria-invalid={errors.question ? true : undefined} aria-describedby="query-question-error query-question-count" />
          <CharacterCount id="query-question-count" length={question.length} max={1000} threshold={0.75} />
          <span id="query-question-error" className="field-error">{errors.question ?? ''}</span>
          <button type="submit" disabled={pending}>Raise query</button>
        </form>
      ) : null}
    </section>
  );
}

/** The fields a query on a record instance can name: those typed on its form (as the service allows). */
function recordFields(kind: RecordKind): Record<string, string> {
  return Object.fromEntries(entryFieldsOf(kind).filter((f) => f.entry !== 'form-only').map((f) => [valueKey(f), fieldLabel(f.name)]));
}
