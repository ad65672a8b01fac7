/**
 * The study definition for CDISC ODM 1.3.2: one StudyEvent (the registry), the five CRFs as
 * FormDefs (baseline carries the demographics group), ItemGroups and ItemDefs, each item tied to
 * its CSV column and to the database column the audit trail names.
 *
 * The items are the data dictionary's: every field with an `odm` entry (OID, group, Mandatory) in
 * dictionary order, typed from its entry, labelled with its export label, its code list the
 * dictionary's. A field with missing-data codes gets a companion item right after it
 * (`<OID>_MISSING`, code list of the missing-data codes) carrying why the value is missing. What
 * stays here is the ODM structure itself: which forms there are and the groups in each.
 */
import { exportLabelOf, FIELDS, isNumericCodeList, isRecordKind, missingColumn, recordDef, RECORDS, type FieldDef, type RecordKind } from '@/lib/dictionary';
import { missingVariableLabel, type CodeListKey } from './codes';
import { tableNameOf, type TableForm } from './form-tables';

export type OdmDataType = 'text' | 'integer' | 'float' | 'date' | 'boolean';

export interface OdmItem {
  oid: string;
  /** CSV column (or therapy field) the item carries. */
  name: string;
  label: string;
  dataType: OdmDataType;
  codes?: CodeListKey;
  unit?: string;
  mandatory: boolean;
  /** Database table and column whose audit rows become this item's AuditRecords. */
  table: string;
  field: string;
  /** The dictionary field; for a missing-code companion, the field whose missing code it carries. */
  source: FieldDef;
  /** This item carries the field's missing-data code, not its value. */
  missingOf?: string;
  /** Path of the value in a therapy row of the exchange record (therapy items). */
  therapyKey?: string;
  /** The course record the item belongs to (its value is an instance's, keyed by value key). */
  record?: RecordKind;
}

export interface OdmGroup { oid: string; name: string; repeating: boolean; items: OdmItem[] }
/** `record`: the repeating record of the patient's course the form holds (one repeating group, repeat key = seq). */
export interface OdmForm { oid: string; name: string; groups: OdmGroup[]; record?: RecordKind }

/** The ODM structure: forms and their item groups (the items come from the dictionary's `odm` entries). */
const STRUCTURE: readonly { oid: string; name: string; record?: RecordKind; groups: readonly { oid: string; name: string; repeating?: boolean }[] }[] = [
  { oid: 'F.BASELINE', name: 'Baseline', groups: [
    { oid: 'IG.DEMOGRAPHICS', name: 'Demographics' }, { oid: 'IG.BASELINE', name: 'Baseline at ibrutinib start' },
  ] },
  { oid: 'F.RESPONSE', name: 'Response', groups: [{ oid: 'IG.RESPONSE', name: 'Best response' }] },
  { oid: 'F.DISCONTINUATION', name: 'Discontinuation', groups: [{ oid: 'IG.DISCONTINUATION', name: 'Discontinuation of ibrutinib' }] },
  { oid: 'F.THERAPIES', name: 'Subsequent therapies', groups: [{ oid: 'IG.THERAPY', name: 'Subsequent therapy', repeating: true }] },
  { oid: 'F.FOLLOWUP', name: 'Follow-up', groups: [{ oid: 'IG.FOLLOWUP', name: 'Follow-up and death' }] },
  // The course (lib/dictionary/records.ts): a form per record kind holding one repeating group whose
  // ItemGroupRepeatKey is the instance's seq, as the subsequent therapies' position.
  ...RECORDS.map((r) => ({
    oid: `F.${r.odmGroup.slice('IG.'.length)}`, name: r.plural, record: r.kind,
    groups: [{ oid: r.odmGroup, name: r.label, repeating: true }],
  })),
];

/**
 * A therapy row's key in the exchange record: the field's name without the "therapy" prefix that
 * keeps dictionary names unique across forms (therapyResponse → response).
 */
export function therapyKeyOf(f: FieldDef): string {
  const m = /^therapy([A-Z].*)$/.exec(f.name);
  return m?.[1] ? m[1].charAt(0).toLowerCase() + m[1].slice(1) : f.name;
}

function dataTypeOf(f: FieldDef): OdmDataType {
  if (f.type === 'integer' || (f.type === 'code' && isNumericCodeList(f.codeList))) return 'integer';
  if (f.type === 'decimal') return 'float';
  if (f.type === 'date' || f.type === 'boolean') return f.type;
  return 'text';
}

function tableOf(f: FieldDef): string {
  if (f.form === 'therapies') return 'subsequent_therapies';
  return isRecordKind(f.form) ? recordDef(f.form).table : tableNameOf(f.form as TableForm);
}

function itemsOf(f: FieldDef & { odm: NonNullable<FieldDef['odm']> }): OdmItem[] {
  const therapy = f.form === 'therapies';
  const name = therapy ? `therapy_${therapyKeyOf(f)}` : f.exchange?.column ?? f.name;
  const item: OdmItem = {
    oid: f.odm.oid, name, label: exportLabelOf(f), dataType: dataTypeOf(f), mandatory: f.odm.mandatory ?? false,
    table: tableOf(f), field: f.column ?? f.name, source: f,
  };
  // A list of several codes (inclusion criteria "a;c") is text: no single code of a list.
  if (f.codeList !== undefined && f.type !== 'codes') item.codes = f.codeList;
  if (f.unit !== undefined) item.unit = f.unit;
  if (therapy) item.therapyKey = therapyKeyOf(f);
  if (isRecordKind(f.form)) item.record = f.form;
  const missing = missingColumn(f);
  if (!f.missingCodes || missing === null) return [item];
  return [item, {
    oid: `${f.odm.oid}_MISSING`, name: `${name}_missing`, label: missingVariableLabel(item.label),
    dataType: 'text', codes: 'missing', mandatory: false, table: item.table, field: missing, source: f, missingOf: name,
    ...(item.record ? { record: item.record } : {}),
  }];
}

const ODM_FIELDS = (FIELDS as readonly FieldDef[]).filter((f): f is FieldDef & { odm: NonNullable<FieldDef['odm']> } => f.odm !== undefined);

export const ODM_FORMS: readonly OdmForm[] = STRUCTURE.map((form) => ({
  oid: form.oid, name: form.name, ...(form.record ? { record: form.record } : {}),
  groups: form.groups.map((g) => ({
    oid: g.oid, name: g.name, repeating: g.repeating ?? false, items: ODM_FIELDS.filter((f) => f.odm.group === g.oid).flatMap(itemsOf),
  })),
}));

export const ODM_ITEMS: readonly OdmItem[] = ODM_FORMS.flatMap((f) => f.groups.flatMap((g) => g.items));

/** Every field with an `odm` entry sits in a group of the structure (a new group needs an entry above). */
const placed = new Set(ODM_ITEMS.map((i) => i.oid));
for (const f of ODM_FIELDS) if (!placed.has(f.odm.oid)) throw new Error(`ODM: ${f.name}'s group ${f.odm.group} is not in the ODM structure (lib/exchange/odm-items.ts)`);
