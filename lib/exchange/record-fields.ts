/**
 * The exchange record as the data dictionary describes it: every field with an `exchange` entry has
 * a path in the JSON record ("discontinuation.adverseEvent.grade") and a CSV column. The nested
 * parts of the record (the discontinuation, its adverse event) are the paths' prefixes, so a new
 * field, or a new nested part, needs no edit here.
 */
import { FIELDS, type CodeListKey, type FieldDef } from '@/lib/dictionary';

export type ExchangeEntry = NonNullable<FieldDef['exchange']>;
export type ExchangeField = FieldDef & { readonly exchange: ExchangeEntry };

/** Fields exchanged in the cohort file, in dictionary order. */
export const EXCHANGE_FIELDS: readonly ExchangeField[] = (FIELDS as readonly FieldDef[]).filter((f): f is ExchangeField => f.exchange !== undefined);

export const FIELD_OF_COLUMN: ReadonlyMap<string, ExchangeField> = new Map(EXCHANGE_FIELDS.map((f) => [f.exchange.column, f]));
export const FIELD_OF_PATH: ReadonlyMap<string, ExchangeField> = new Map(EXCHANGE_FIELDS.map((f) => [f.exchange.path, f]));

/** The part (nested object) a path sits in: '' for the record itself. */
export function partOf(path: string): string {
  const i = path.lastIndexOf('.');
  return i < 0 ? '' : path.slice(0, i);
}

/** The key of a path inside its part. */
export function keyOf(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

/** Nested parts of the record, outermost first, in the order their first field comes in the dictionary. */
export const PARTS: readonly string[] = (() => {
  const out: string[] = [];
  for (const f of EXCHANGE_FIELDS) {
    const segments = f.exchange.path.split('.').slice(0, -1);
    segments.forEach((_, i) => {
      const part = segments.slice(0, i + 1).join('.');
      if (!out.includes(part)) out.push(part);
    });
  }
  return out;
})();

/** Fields directly inside a part ('' = the record), in dictionary order. */
export function fieldsOfPart(part: string): ExchangeField[] {
  return EXCHANGE_FIELDS.filter((f) => partOf(f.exchange.path) === part);
}

/** Parts directly inside a part. */
export function childParts(part: string): string[] {
  return PARTS.filter((p) => partOf(p) === part);
}

const sameCondition = (a: FieldDef['onlyWhen'], b: FieldDef['onlyWhen']) =>
  a !== undefined && b !== undefined && a.field === b.field && a.in.join('|') === b.in.join('|');

/**
 * The answer a nested part exists for: the condition every one of its fields that has one is
 * allowed under (the adverse event: reason = adverse_event). None for a part that is a whole form.
 */
export function conditionOfPart(part: string): FieldDef['onlyWhen'] {
  const conds = fieldsOfPart(part).map((f) => f.onlyWhen).filter((c) => c !== undefined);
  const first = conds[0];
  return first && conds.every((c) => sameCondition(c, first)) ? first : undefined;
}

/**
 * Whether a record must hold a value for the field. Forms are optional as a whole, so at the top
 * level only the registration's own required fields are (sex, year of birth). Inside a nested part
 * — present as a whole or null — a field is when the file must carry its column and the part cannot
 * be without it: required always (a discontinuation's date and reason), required by the very
 * answer the part exists for (an adverse event's term and grade), or computed from them at the save
 * (its organ class).
 */
export function requiredInRecord(f: ExchangeField): boolean {
  const part = partOf(f.exchange.path);
  if (part === '') return f.form === 'patient' && f.required === 'always';
  if (!f.exchange.requiredColumn) return false;
  const cond = conditionOfPart(part);
  return f.required === 'always' || f.entry === 'computed' || (cond !== undefined && sameCondition(f.requiredWhen, cond));
}

/** The code list of a code field (a dictionary entry without one is a mistake in fields.ts). */
export function codeListOf(f: FieldDef): CodeListKey {
  if (f.codeList === undefined) throw new Error(`data dictionary: ${f.name} is a ${f.type} field without a code list`);
  return f.codeList;
}

export function getPath(record: unknown, path: string): unknown {
  let v: unknown = record;
  for (const k of segmentsOf(path)) {
    if (v === null || v === undefined || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[k];
  }
  return v ?? null;
}

/** A path's keys, split once per path (getPath runs for every field of every imported row). */
function segmentsOf(path: string): readonly string[] {
  return SEGMENTS.get(path) ?? path.split('.');
}
const SEGMENTS: ReadonlyMap<string, readonly string[]> = new Map(EXCHANGE_FIELDS.map((f) => [f.exchange.path, f.exchange.path.split('.')]));

/** An entry of a part in record order: a field, a nested part, or (in the record itself) the therapies list. */
export type LayoutEntry = { kind: 'field'; field: ExchangeField } | { kind: 'part'; path: string } | { kind: 'therapies' };

/**
 * The keys of a part in the record's order: its fields in dictionary order, each nested part where
 * its first field comes, and the subsequent therapies where the therapies form comes. Export,
 * import and the schema share it, so the same patient always has the same JSON.
 */
export function layoutOf(part: string): readonly LayoutEntry[] {
  const known = LAYOUTS.get(part);
  if (known) return known;
  const out: LayoutEntry[] = [];
  const children = childParts(part);
  const placed = new Set<string>();
  for (const f of FIELDS as readonly FieldDef[]) {
    if (part === '' && f.form === 'therapies') {
      if (!placed.has('therapies')) out.push({ kind: 'therapies' });
      placed.add('therapies');
      continue;
    }
    const path = f.exchange?.path;
    if (path === undefined) continue;
    if (partOf(path) === part) out.push({ kind: 'field', field: f as ExchangeField });
    const child = children.find((c) => path.startsWith(`${c}.`));
    if (child !== undefined && !placed.has(child)) {
      out.push({ kind: 'part', path: child });
      placed.add(child);
    }
  }
  LAYOUTS.set(part, out);
  return out;
}

const LAYOUTS = new Map<string, readonly LayoutEntry[]>();
