/**
 * The rows of the record home's grid (REDCap's "record home page"): the five snapshot CRFs, one cell
 * each, then every record kind with one cell per instance in date order (undated ones last), each
 * cell with its status, date, open queries and whether it was entered in error. Pure: rows in,
 * view out (record-home-grid.tsx draws it), so the order and the counts are unit-tested.
 */
import { RECORDS, type RecordKind } from '@/lib/dictionary';
import { FORM_KEYS, FORM_LABELS, type FormKey } from '@/lib/validation/forms';
import { doseText } from './timeline-events';

export type CellStatus = 'draft' | 'complete' | 'verified' | 'locked';

export interface GridCell {
  href: string;
  /** "1", "2" … for an instance; null for a snapshot CRF. */
  seq: number | null;
  date: string | null;
  /** A few words that tell instances apart ("grade 3", "280 mg/day", "PR"). */
  note: string | null;
  status: CellStatus | null;
  enteredInError: boolean;
  openQueries: number;
}

export interface GridRow {
  key: FormKey | RecordKind;
  label: string;
  /** One instance, in words ("adverse event"): names the add link. */
  noun: string;
  repeating: boolean;
  /** The list page of a record kind. */
  listHref: string | null;
  /** Where a new instance is added (only when the user may write). */
  addHref: string | null;
  cells: GridCell[];
}

type Row = Record<string, unknown> & { status: CellStatus };
export interface HomeGridInput {
  code: string;
  forms: Record<FormKey, Row | null>;
  /** Each kind's instances (all of them, entered-in-error ones included). */
  course: Record<RecordKind, readonly (Row & { seq: number; enteredInError: boolean })[]>;
  openQueries: readonly { form: string; recordSeq: number | null; open: number }[];
  canWrite: boolean;
}

/** The date a snapshot CRF shows in its cell. */
const FORM_DATE: Record<FormKey, string | null> = {
  baseline: 'ibrutinibStart', response: 'assessedDate', discontinuation: 'lastDoseDate', therapies: null, 'follow-up': 'lastContactDate',
};

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

function noteOf(kind: RecordKind, r: Record<string, unknown>): string | null {
  switch (kind) {
    case 'visit': return str(r.response);
    case 'adverse-event': return typeof r.grade === 'number' ? `grade ${r.grade}` : null;
    case 'dose-period': return r.dose === null || r.dose === undefined ? null : doseText(str(r.dose), typeof r.doseOtherMg === 'number' ? r.doseOtherMg : null);
    case 'interruption': return str(r.endDate) ? `to ${str(r.endDate)}` : 'ongoing';
    case 'molecular-test': return null;
  }
}

export function buildHomeGrid(g: HomeGridInput): GridRow[] {
  const open = (form: string, seq: number | null) => g.openQueries.filter((q) => q.form === form && q.recordSeq === seq).reduce((n, q) => n + q.open, 0);
  const base = `/patients/${g.code}`;
  const snapshot: GridRow[] = FORM_KEYS.map((k) => {
    const row = g.forms[k];
    const dateKey = FORM_DATE[k];
    return {
      key: k, label: FORM_LABELS[k], noun: FORM_LABELS[k].toLowerCase(), repeating: false, listHref: null, addHref: null,
      cells: [{
        href: `${base}/${k}`, seq: null, date: row && dateKey ? str(row[dateKey]) : null, note: null, status: row?.status ?? null,
        enteredInError: false, openQueries: open(k, null),
      }],
    };
  });
  const repeating: GridRow[] = RECORDS.map((def) => {
    const cells = g.course[def.kind].map((r) => ({
      href: `${base}/${def.slug}/${r.seq}`, seq: r.seq, date: str(r[def.dateKey]), note: noteOf(def.kind, r), status: r.status,
      enteredInError: r.enteredInError, openQueries: open(def.kind, r.seq),
    }));
    cells.sort((a, b) => (a.date === null ? 1 : 0) - (b.date === null ? 1 : 0) || (a.date ?? '').localeCompare(b.date ?? '') || (a.seq ?? 0) - (b.seq ?? 0));
    return {
      key: def.kind, label: def.plural, noun: def.label.toLowerCase(), repeating: true, listHref: `${base}/${def.slug}`, addHref: g.canWrite ? `${base}/${def.slug}/new` : null, cells,
    };
  });
  return [...snapshot, ...repeating];
}
