/** Read-only view of a patient's five CRFs. */
import { shownSigner } from '@/lib/crf/signer';
import { DISC_REASON_LABELS } from '@/lib/validation/discontinuation';
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

function Facts({ items }: { items: [string, unknown][] }) {
  return <dl className="facts">{items.map(([k, v]) => [<dt key={`${k}-t`}>{k}</dt>, <dd key={`${k}-d`}>{show(v)}</dd>])}</dl>;
}

export function CrfSummary({ forms, code }: { forms: Forms; code?: string }) {
  const { baseline: b, response: r, discontinuation: d, followUp: f } = forms;
  const href = (slug: string) => (code ? `/patients/${code}/${slug}` : undefined);
  return (
    <div className="grid-2">
      <FormCard title="Baseline" href={href('baseline')} form={b}>
        {b ? <Facts items={[['Ibrutinib start', b.ibrutinibStart], ['Age at start', b.ageAtStart], ['ECOG', b.ecog], ['Rai stage', b.raiStage],
          ['Binet stage', b.binetStage], ['del(17p)', b.del17p], ['IGHV', b.ighv], ['Prior lines', b.priorLines],
          ['Prior purine analogue', b.priorPurineAnalogue], ['Prior anti-CD20', b.priorAntiCd20], ['Inclusion criteria', b.inclusionCriteria]]} /> : null}
      </FormCard>
      <FormCard title="Response" href={href('response')} form={r}>
        {r ? <Facts items={[['Best response', r.bestResponse], ['Assessed', r.assessedDate]]} /> : null}
      </FormCard>
      <FormCard title="Discontinuation" href={href('discontinuation')} form={d}>
        {d ? <Facts items={[['Last dose', d.lastDoseDate], ['Reason', DISC_REASON_LABELS[d.reason as keyof typeof DISC_REASON_LABELS] ?? d.reason], ['Adverse event (CTCAE)', d.aeTerm], ['Verbatim term', d.aeVerbatim],
          ['System organ class', d.aeSoc], ['Grade', d.aeGrade], ['AE onset', d.aeOnsetDate], ['Etiology', d.aeEtiology],
          ['Progression type', d.progressionType], ['RT histology', d.rtHistology], ['CNS involvement', d.cnsInvolvement]]} /> : null}
      </FormCard>
      <FormCard title="Subsequent therapies" href={href('therapies')} form={forms.therapyForm}>
        {forms.therapies.length ? (
          <table><thead><tr><th>#</th><th>Regimen</th><th>Start</th><th>Best response</th></tr></thead>
            <tbody>{forms.therapies.map((t) => <tr key={String(t.id)}><td>{show(t.position)}</td><td>{show(t.regimen)}</td><td>{show(t.startDate)}</td><td>{show(t.bestResponse)}</td></tr>)}</tbody>
          </table>
        ) : <p className="muted">None recorded.</p>}
      </FormCard>
      <FormCard title="Follow-up" href={href('follow-up')} form={f}>
        {f ? <Facts items={[['Vital status', f.vitalStatus], ['Last contact', f.lastContactDate], ['Death date', f.deathDate],
          ['Cause of death', f.deathCause], ['Cause (other)', f.deathCauseOther]]} /> : null}
      </FormCard>
    </div>
  );
}
