/**
 * Which control a dictionary field gets on a CRF, as data (the React side is dictionary-field.tsx):
 * a date input; a number input with the entry's limits (decimals for `decimal`); a select for a
 * code list, a numeric code list (ECOG) or a yes/no question, with the catalogue's option texts; a
 * text box or area with its length; checkboxes for several codes. A field with missing-data codes
 * also gets its "If not available, why" choice. Pure, so the mapping is unit-tested.
 */
import {
  codeLabel, codesOf, conditionHolds, dictionaryText, fieldText, formLabelOf, isNumericCodeList, missingKey, missingLabel, valueKey,
  type Condition, type FieldDef, type Lang,
} from '@/lib/dictionary';

export interface ControlOption { value: string; label: string }

/** How a select's value becomes the schema's type. */
export type ParseAs = 'string' | 'number' | 'boolean';

export type ControlSpec =
  | { kind: 'date' }
  | { kind: 'number'; min?: number; max?: number; step: string; inputMode: 'numeric' | 'decimal' }
  | { kind: 'select'; empty: string; options: ControlOption[]; parseAs: ParseAs }
  | { kind: 'text'; multiline: boolean; max: number; rows: number; threshold?: number; placeholder?: string }
  | { kind: 'checkboxes'; options: ControlOption[] };

export interface MissingSpec { key: string; label: string; none: string; options: ControlOption[] }

export interface FieldControl {
  /** Key in the form's values (and the control's name and id). */
  key: string;
  label: string;
  help?: string;
  spec: ControlSpec;
  missing: MissingSpec | null;
}

/** Whether the form asks for a value (an empty choice then reads "Choose…", otherwise e.g. "Not known"). */
const asked = (f: FieldDef) => f.required !== undefined || f.requiredWhen !== undefined;

function specOf(f: FieldDef, lang: Lang): ControlSpec {
  const t = fieldText(f, lang);
  const c = dictionaryText(lang).common;
  const list = f.codeList;
  const options = (): ControlOption[] => (list ? codesOf(list).map((code) => ({ value: code, label: codeLabel(list, code, 'option', lang) })) : []);
  switch (f.type) {
    case 'date':
      return { kind: 'date' };
    case 'integer':
    case 'decimal':
      if (f.codeList) return { kind: 'select', empty: t.emptyOption ?? c.choose, options: options(), parseAs: isNumericCodeList(f.codeList) ? 'number' : 'string' };
      return {
        kind: 'number', min: f.min, max: f.max,
        step: f.type === 'decimal' ? (f.scale !== undefined ? (10 ** -f.scale).toFixed(f.scale) : 'any') : '1',
        inputMode: f.type === 'decimal' ? 'decimal' : 'numeric',
      };
    case 'code':
      return { kind: 'select', empty: t.emptyOption ?? c.choose, options: options(), parseAs: 'string' };
    case 'boolean':
      return {
        kind: 'select', empty: t.emptyOption ?? (asked(f) ? c.choose : c.notKnown), parseAs: 'boolean',
        options: [{ value: 'true', label: c.yes }, { value: 'false', label: c.no }],
      };
    case 'codes':
      return { kind: 'checkboxes', options: options() };
    case 'text': {
      const max = f.maxLength ?? 500;
      // Long free text: a text area, its counter from the start; short answers: one line, counted near the limit.
      return f.multiline
        ? { kind: 'text', multiline: true, max, rows: max >= 500 ? 3 : 2, placeholder: t.placeholder }
        : { kind: 'text', multiline: false, max, rows: 1, threshold: 0.75, placeholder: t.placeholder };
    }
  }
}

/** The control of a dictionary field as the CRF shows it. */
export function fieldControl(f: FieldDef, lang: Lang = 'en'): FieldControl {
  const t = fieldText(f, lang);
  const c = dictionaryText(lang).common;
  return {
    key: valueKey(f),
    label: formLabelOf(f, lang),
    help: t.help,
    spec: specOf(f, lang),
    missing: f.missingCodes ? {
      key: missingKey(f), label: c.missingLabel, none: '—',
      options: f.missingCodes.map((m) => ({ value: m, label: missingLabel(m, lang) })),
    } : null,
  };
}

/**
 * When the CRF shows a field: while its `onlyWhen` holds, or, for an optional field another answer
 * requires (the other reason), while that answer holds. Always otherwise.
 */
export function askedWhen(f: FieldDef): Condition | undefined {
  return f.onlyWhen ?? (f.required === undefined ? f.requiredWhen : undefined);
}

/** Whether the CRF shows the field for these answers (keyed by value key). */
export function isAsked(f: FieldDef, values: Record<string, unknown>): boolean {
  const c = askedWhen(f);
  return c === undefined || conditionHolds(c, values);
}
