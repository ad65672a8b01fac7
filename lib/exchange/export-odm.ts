/**
 * CDISC ODM 1.3.2 export: the study definition (MetaDataVersion) and the clinical data with the
 * audit trail. FileType "Transactional": every audited change of an item is one ItemData (in
 * time order, TransactionType Insert/Update) carrying its AuditRecord (UserRef, LocationRef,
 * DateTimeStamp, ReasonForChange), so the file replays the history; items without audit rows
 * carry their current value. Element order follows the ODM 1.3.2 schema (see odm-structure.ts).
 *
 * The course's records (visits, adverse events, dose periods, interruptions, tests) are repeating
 * item groups, one ItemGroupData per instance with ItemGroupRepeatKey = its seq, as the subsequent
 * therapies are by position. An instance entered in error is kept with TransactionType "Remove".
 */
import { valueKey } from '@/lib/dictionary';
import { codeList, type CodeListKey } from './codes';
import type { LongRecords } from './long-format';
import { ODM_FORMS, ODM_ITEMS, type OdmItem } from './odm-items';
import type { ExchangePatient } from './patient';
import { getPath } from './record-fields';

export const ODM_NS = 'http://www.cdisc.org/ns/odm/v1.3';
const STUDY = 'ST.CLL-REGISTRY';
const MDV = 'MDV.1';

export interface OdmAuditEntry {
  patientCode: string;
  table: string;
  field: string;
  /** Therapy position (IG.THERAPY repeat key) for subsequent_therapies rows; the instance's seq for a course record. */
  position: number | null;
  action: 'insert' | 'update';
  value: string | null;
  at: string;
  userOid: string;
  centreCode: string;
  reason: string | null;
}

export interface OdmInput {
  fileOid: string;
  creationDateTime: string;
  patients: readonly ExchangePatient[];
  centres: readonly { code: string; name: string }[];
  users: readonly { oid: string; label: string }[];
  audit: readonly OdmAuditEntry[];
  /** The patients' courses by patient code (none: the repeating record groups stay empty). */
  courses?: ReadonlyMap<string, LongRecords>;
}

/**
 * Tab, line feed and carriage return become character references: values are attributes, and an XML
 * parser turns a literal one in an attribute into a space, so multi-line text would not survive.
 * Characters XML 1.0 cannot carry at all are refused on input (lib/validation/text.ts); any older
 * stored value holding one loses it here rather than making the whole file unreadable.
 */
export const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu, '')
  .replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);

const attrs = (a: Record<string, string | number | undefined>) =>
  Object.entries(a).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`).join('');

const text = (lang: string, s: string) => `<TranslatedText xml:lang="${lang}">${xmlEscape(s)}</TranslatedText>`;

function codeListOid(key: CodeListKey, item: OdmItem) { return `CL.${key.toUpperCase()}.${item.dataType.toUpperCase()}`; }

function metaData(): string {
  const out: string[] = [];
  out.push(`<MetaDataVersion${attrs({ OID: MDV, Name: 'CLL Registry CRFs v1', Description: 'Registry of CLL patients treated with ibrutinib' })}>`);
  out.push('<Protocol><StudyEventRef StudyEventOID="SE.REGISTRY" OrderNumber="1" Mandatory="Yes"/></Protocol>');
  out.push('<StudyEventDef OID="SE.REGISTRY" Name="Registry" Repeating="No" Type="Common">');
  ODM_FORMS.forEach((f, i) => out.push(`<FormRef FormOID="${f.oid}" OrderNumber="${i + 1}" Mandatory="${f.oid === 'F.BASELINE' || f.oid === 'F.FOLLOWUP' ? 'Yes' : 'No'}"/>`));
  out.push('</StudyEventDef>');
  for (const f of ODM_FORMS) {
    out.push(`<FormDef${attrs({ OID: f.oid, Name: f.name, Repeating: 'No' })}>`);
    f.groups.forEach((g, i) => out.push(`<ItemGroupRef ItemGroupOID="${g.oid}" OrderNumber="${i + 1}" Mandatory="Yes"/>`));
    out.push('</FormDef>');
  }
  for (const g of ODM_FORMS.flatMap((f) => f.groups)) {
    out.push(`<ItemGroupDef${attrs({ OID: g.oid, Name: g.name, Repeating: g.repeating ? 'Yes' : 'No' })}>`);
    g.items.forEach((it, i) => out.push(`<ItemRef ItemOID="${it.oid}" OrderNumber="${i + 1}" Mandatory="${it.mandatory ? 'Yes' : 'No'}"/>`));
    out.push('</ItemGroupDef>');
  }
  const lists = new Map<string, { key: CodeListKey; item: OdmItem }>();
  for (const it of ODM_ITEMS) {
    out.push(`<ItemDef${attrs({ OID: it.oid, Name: it.name, DataType: it.dataType, Length: it.dataType === 'text' ? 500 : undefined })}>`);
    out.push(`<Description>${text('en', it.label)}</Description><Question>${text('en', it.label)}</Question>`);
    if (it.unit === 'years') out.push('<MeasurementUnitRef MeasurementUnitOID="MU.YEARS"/>');
    if (it.codes) {
      const oid = codeListOid(it.codes, it);
      lists.set(oid, { key: it.codes, item: it });
      out.push(`<CodeListRef CodeListOID="${oid}"/>`);
    }
    out.push('</ItemDef>');
  }
  for (const [oid, { key, item }] of lists) {
    const list = codeList(key);
    out.push(`<CodeList${attrs({ OID: oid, Name: list.name, DataType: item.dataType === 'integer' ? 'integer' : 'text' })}>`);
    for (const c of list.codes) {
      out.push(`<CodeListItem${attrs({ CodedValue: c })}><Decode>${text('en', list.labels[c] ?? c)}</Decode></CodeListItem>`);
    }
    out.push('</CodeList>');
  }
  out.push('</MetaDataVersion>');
  return out.join('\n');
}

/** Current value of an item for a patient (therapy items: per position), read at the field's exchange path. */
function currentValues(p: ExchangePatient, course: LongRecords | undefined): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const codes = p.missing as Readonly<Record<string, string | undefined>> | undefined;
  const text = (v: unknown) => (v === null || v === undefined ? null : Array.isArray(v) ? (v.length ? v.join(';') : null) : String(v));
  for (const it of ODM_ITEMS) {
    if (it.therapyKey !== undefined || it.record !== undefined) continue;
    const path = it.source.exchange?.path;
    if (it.missingOf !== undefined) out.set(it.name, codes?.[it.missingOf] ?? null);
    else if (path !== undefined) out.set(it.name, text(getPath(p, path)));
  }
  for (const it of ODM_ITEMS) {
    if (it.record === undefined) continue;
    const key = valueKey(it.source);
    for (const inst of course?.[it.record] ?? []) {
      out.set(`${it.name}#${inst.seq}`, it.missingOf !== undefined ? inst.missing[key] ?? null : text(inst.values[key]));
    }
  }
  p.subsequentTherapies.forEach((t, i) => {
    for (const it of ODM_ITEMS) {
      if (it.therapyKey !== undefined) out.set(`${it.name}#${i + 1}`, text((t as unknown as Record<string, unknown>)[it.therapyKey]));
    }
  });
  return out;
}

/** Audit values are PostgreSQL's text of the new value; ODM wants its own lexical forms (a list: "a;c"). */
function odmValue(item: OdmItem, raw: string): string {
  if (item.source.type === 'codes' && item.missingOf === undefined && raw.startsWith('[')) {
    try { return (JSON.parse(raw) as string[]).join(';'); } catch { return raw; }
  }
  return raw;
}

function auditRecord(e: OdmAuditEntry): string {
  return `<AuditRecord><UserRef UserOID="${xmlEscape(e.userOid)}"/><LocationRef LocationOID="LOC.${xmlEscape(e.centreCode)}"/>`
    + `<DateTimeStamp>${xmlEscape(e.at)}</DateTimeStamp>${e.reason ? `<ReasonForChange>${xmlEscape(e.reason)}</ReasonForChange>` : ''}</AuditRecord>`;
}

function itemData(item: OdmItem, key: string, current: Map<string, string | null>, history: Map<string, OdmAuditEntry[]>): string[] {
  const entries = history.get(key) ?? [];
  if (entries.length === 0) {
    const v = current.get(key) ?? null;
    return v === null ? [] : [`<ItemData${attrs({ ItemOID: item.oid, Value: v })}/>`];
  }
  return entries.map((e) => `<ItemData${attrs({
    ItemOID: item.oid, TransactionType: e.action === 'insert' ? 'Insert' : 'Update',
    ...(e.value === null ? { IsNull: 'Yes' } : { Value: odmValue(item, e.value) }),
  })}>${auditRecord(e)}</ItemData>`);
}

function subjectData(p: ExchangePatient, audit: readonly OdmAuditEntry[], course: LongRecords | undefined): string {
  const byField = new Map<string, OdmItem>(ODM_ITEMS.map((it) => [`${it.table}.${it.field}`, it]));
  const history = new Map<string, OdmAuditEntry[]>();
  for (const e of audit) {
    const it = byField.get(`${e.table}.${e.field}`);
    if (!it) continue;
    const key = it.table === 'subsequent_therapies' || it.record !== undefined ? `${it.name}#${e.position ?? 0}` : it.name;
    const list = history.get(key) ?? [];
    list.push(e);
    history.set(key, list);
  }
  const current = currentValues(p, course);
  const out = [`<SubjectData${attrs({ SubjectKey: p.id, TransactionType: 'Upsert' })}>`, `<SiteRef LocationOID="LOC.${xmlEscape(p.centre)}"/>`,
    '<StudyEventData StudyEventOID="SE.REGISTRY" TransactionType="Upsert">'];
  for (const f of ODM_FORMS) {
    const groups: string[] = [];
    const instances = f.record ? course?.[f.record] ?? [] : [];
    for (const g of f.groups) {
      // Repeat keys: the instances (or therapies) there are, and any the audit trail names.
      const names = new Set(g.items.map((it) => it.name));
      const repeats = g.repeating ? Array.from(new Set([
        ...(f.record ? instances.map((i) => i.seq) : p.subsequentTherapies.map((_, i) => i + 1)),
        ...[...history.keys()].filter((k) => names.has(k.split('#')[0] ?? '')).map((k) => Number(k.split('#')[1])),
      ])).sort((a, b) => a - b) : [null];
      for (const r of repeats) {
        const items = g.items.flatMap((it) => itemData(it, r === null ? it.name : `${it.name}#${r}`, current, history));
        if (!items.length) continue;
        const removed = f.record !== undefined && instances.some((i) => i.seq === r && i.enteredInError);
        groups.push(`<ItemGroupData${attrs({ ItemGroupOID: g.oid, ItemGroupRepeatKey: r === null ? undefined : r, TransactionType: removed ? 'Remove' : 'Upsert' })}>`
          + items.join('') + '</ItemGroupData>');
      }
    }
    if (groups.length) out.push(`<FormData FormOID="${f.oid}" TransactionType="Upsert">`, ...groups, '</FormData>');
  }
  out.push('</StudyEventData>', '</SubjectData>');
  return out.join('\n');
}

export function odmXml(input: OdmInput): string {
  const auditByPatient = new Map<string, OdmAuditEntry[]>();
  for (const e of input.audit) {
    const list = auditByPatient.get(e.patientCode) ?? [];
    list.push(e);
    auditByPatient.set(e.patientCode, list);
  }
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<ODM${attrs({ xmlns: ODM_NS, ODMVersion: '1.3.2', FileType: 'Transactional', FileOID: input.fileOid,
      CreationDateTime: input.creationDateTime, Originator: 'CLL Registry', SourceSystem: 'CLL Registry', SourceSystemVersion: '0.1.0' })}>`,
    `<Study OID="${STUDY}">`,
    '<GlobalVariables><StudyName>CLL Registry</StudyName><StudyDescription>Observational registry of CLL patients treated with ibrutinib</StudyDescription><ProtocolName>CLL-IBRUTINIB-REGISTRY</ProtocolName></GlobalVariables>',
    '<BasicDefinitions><MeasurementUnit OID="MU.YEARS" Name="years"><Symbol>' + text('en', 'years') + '</Symbol></MeasurementUnit></BasicDefinitions>',
    metaData(),
    '</Study>',
    '<AdminData>',
    ...input.users.map((u) => `<User OID="${xmlEscape(u.oid)}"><LoginName>${xmlEscape(u.label)}</LoginName><DisplayName>${xmlEscape(u.label)}</DisplayName></User>`),
    ...input.centres.map((c) => `<Location${attrs({ OID: `LOC.${c.code}`, Name: `${c.code} ${c.name}`, LocationType: 'Site' })}>`
      + `<MetaDataVersionRef StudyOID="${STUDY}" MetaDataVersionOID="${MDV}" EffectiveDate="${input.creationDateTime.slice(0, 10)}"/></Location>`),
    '</AdminData>',
    `<ClinicalData StudyOID="${STUDY}" MetaDataVersionOID="${MDV}">`,
    ...input.patients.map((p) => subjectData(p, auditByPatient.get(p.id) ?? [], input.courses?.get(p.id))),
    '</ClinicalData>',
    '</ODM>',
    '',
  ];
  return out.join('\n');
}
