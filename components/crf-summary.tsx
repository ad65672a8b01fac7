/**
 * Read-only view of a patient's five CRFs. Each form lists its stored fields in form order as the
 * data dictionary names them (short labels, code labels, missing-data codes: summaryItems), so a
 * new field shows here without an edit; subsequent therapies are a table of their rows.
 */
import { shownSigner } from '@/lib/crf/signer';
import { summaryItems } from '@/lib/dictionary/form-values';
import type { DictForm } from '@/lib/dictionary';
import Link from 'next/link';
import type { ReactNode } from 'react';

type Row = Record<string, unknown> & { status?: string; version?: number };
interface Forms {
  baseline: Row | null; response: Row | null; discontinuation: Row | null;
  therapyForm: Row | null; therapies: Row[]; followUp: Row | null;
}

const show = (v: unknown): string => (v === null || v === undefined || v === '' ? '—' : Array.isArray(v) ? v.join(', ') || '—' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));

function FormCard({ title, form, children, href }: { title: string; form: Row | null; children: ReactNode; href?: string }) {
  return (
    <div className="card" data-testid={`crf-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`}>
      <h2>{title} {form?.status ? <span className={`badge ${form.status}`}>{form.status}</span> : <span className="badge">not started</span>}</h2>
      {href ? <p><Link href={href} aria-label={`Open the ${title} form`}>Open form</Link></p> : null}
      {form?.signedByName && form.signedAt instanceof Date ? (
        <p className="muted" data-testid="signature">Signed by {shownSigner(String(form.signedByName), typeof form.signedByUserId === 'number' ? form.signedByUserId : null)} at {form.signedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC</p>
      ) : null}
      {form ? children : <p className="muted">No data recorded.</p>}
    </div>
  );
}

function Facts({ form, row }: { form: DictForm; row: Row }) {
  return <dl className="facts">{summaryItems(form, row).map(({ key, label, value }) => [<dt key={`${key}-t`}>{label}</dt>, <dd key={`${key}-d`}>{value}</dd>])}</dl>;
}

export function CrfSummary({ forms, code }: { forms: Forms; code?: string }) {
  const { baseline: b, response: r, discontinuation: d, followUp: f } = forms;
  const href = (slug: string) => (code ? `/patients/${code}/${slug}` : undefined);
  return (
    <div className="grid-2">
      <FormCard title="Baseline" href={href('baseline')} form={b}>
        {b ? <Facts form="baseline" row={b} /> : null}
      </FormCard>
      <FormCard title="Response" href={href('response')} form={r}>
        {r ? <Facts form="response" row={r} /> : null}
      </FormCard>
      <FormCard title="Discontinuation" href={href('discontinuation')} form={d}>
        {d ? <Facts form="discontinuation" row={d} /> : null}
      </FormCard>
      <FormCard title="Subsequent therapies" href={href('therapies')} form={forms.therapyForm}>
        {forms.therapies.length ? (
          <table><thead><tr><th>#</th><th>Regimen</th><th>Start</th><th>Best response</th></tr></thead>
            <tbody>{forms.therapies.map((t) => <tr key={String(t.id)}><td>{show(t.position)}</td><td>{show(t.regimen)}</td><td>{show(t.startDate)}</td><td>{show(t.bestResponse)}</td></tr>)}</tbody>
          </table>
        ) : <p className="muted">None recorded.</p>}
      </FormCard>
      <FormCard title="Follow-up" href={href('follow-up')} form={f}>
        {f ? <Facts form="follow-up" row={f} /> : null}
      </FormCard>
    </div>
  );
}
