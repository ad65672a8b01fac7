/**
 * A minimal XML parser and an ODM 1.3.2 structural validator for what we export (the XSD is not
 * available offline): required attributes, allowed children in schema order, enumerated values,
 * data types of values, and that every OID reference resolves (FormRef → FormDef, ItemRef →
 * ItemDef, CodeListRef → CodeList, ItemData in its ItemGroupDef, UserRef → User, LocationRef/SiteRef
 * → Location, ClinicalData → Study/MetaDataVersion).
 */
export interface XmlNode { name: string; attrs: Record<string, string>; children: XmlNode[]; text: string }

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
  if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  const v = ENTITIES[e];
  if (v === undefined) throw new Error(`unknown entity ${m}`);
  return v;
});

export function parseXml(xml: string): XmlNode {
  const re = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<\/([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/g;
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  let m: RegExpExecArray | null;
  let pos = 0;
  while ((m = re.exec(xml))) {
    if (m.index !== pos) throw new Error(`malformed XML at offset ${pos}`);
    pos = re.lastIndex;
    if (m[1]) {
      const open = stack.pop();
      if (!open || open.name !== m[1]) throw new Error(`</${m[1]}> does not close <${open?.name ?? 'nothing'}>`);
    } else if (m[2]) {
      const attrs: Record<string, string> = {};
      for (const a of (m[3] ?? '').matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) {
        if (a[1] === undefined) continue;
        if (a[1] in attrs) throw new Error(`duplicate attribute ${a[1]} on <${m[2]}>`);
        attrs[a[1]] = decode(a[2] ?? '');
      }
      const node: XmlNode = { name: m[2], attrs, children: [], text: '' };
      const parent = stack.at(-1);
      if (parent) parent.children.push(node);
      else if (root) throw new Error('more than one root element');
      else root = node;
      if (!m[4]) stack.push(node);
    } else if (m[5]) {
      const parent = stack.at(-1);
      if (parent) parent.text += decode(m[5]);
      else if (m[5].trim()) throw new Error('text outside the root element');
    }
  }
  if (pos !== xml.length) throw new Error(`malformed XML at offset ${pos}`);
  if (stack.length) throw new Error(`<${stack.at(-1)?.name}> is not closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Child spec: element name and occurrence, in schema order. */
type Occ = '1' | '?' | '*' | '+';
interface ElementRule { attrs: string[]; children: [string, Occ][]; enums?: Record<string, string[]> }

const YESNO = ['Yes', 'No'];
const TX = ['Insert', 'Update', 'Remove', 'Upsert', 'Context'];
const RULES: Record<string, ElementRule> = {
  ODM: { attrs: ['FileOID', 'CreationDateTime', 'FileType', 'ODMVersion'], children: [['Study', '*'], ['AdminData', '*'], ['ReferenceData', '*'], ['ClinicalData', '*']],
    enums: { FileType: ['Snapshot', 'Transactional'], ODMVersion: ['1.3.2'] } },
  Study: { attrs: ['OID'], children: [['GlobalVariables', '1'], ['BasicDefinitions', '?'], ['MetaDataVersion', '*']] },
  GlobalVariables: { attrs: [], children: [['StudyName', '1'], ['StudyDescription', '1'], ['ProtocolName', '1']] },
  BasicDefinitions: { attrs: [], children: [['MeasurementUnit', '*']] },
  MeasurementUnit: { attrs: ['OID', 'Name'], children: [['Symbol', '1'], ['Alias', '*']] },
  Symbol: { attrs: [], children: [['TranslatedText', '+']] },
  MetaDataVersion: { attrs: ['OID', 'Name'], children: [['Include', '?'], ['Protocol', '?'], ['StudyEventDef', '*'], ['FormDef', '*'], ['ItemGroupDef', '*'], ['ItemDef', '*'], ['CodeList', '*'], ['ImputationMethod', '*'], ['Presentation', '*'], ['ConditionDef', '*'], ['MethodDef', '*']] },
  Protocol: { attrs: [], children: [['Description', '?'], ['StudyEventRef', '*'], ['Alias', '*']] },
  StudyEventRef: { attrs: ['StudyEventOID', 'Mandatory'], children: [], enums: { Mandatory: YESNO } },
  StudyEventDef: { attrs: ['OID', 'Name', 'Repeating', 'Type'], children: [['Description', '?'], ['FormRef', '*'], ['Alias', '*']], enums: { Repeating: YESNO, Type: ['Scheduled', 'Unscheduled', 'Common'] } },
  FormRef: { attrs: ['FormOID', 'Mandatory'], children: [], enums: { Mandatory: YESNO } },
  FormDef: { attrs: ['OID', 'Name', 'Repeating'], children: [['Description', '?'], ['ItemGroupRef', '*'], ['ArchiveLayout', '*'], ['Alias', '*']], enums: { Repeating: YESNO } },
  ItemGroupRef: { attrs: ['ItemGroupOID', 'Mandatory'], children: [], enums: { Mandatory: YESNO } },
  ItemGroupDef: { attrs: ['OID', 'Name', 'Repeating'], children: [['Description', '?'], ['ItemRef', '*'], ['Alias', '*']], enums: { Repeating: YESNO } },
  ItemRef: { attrs: ['ItemOID', 'Mandatory'], children: [], enums: { Mandatory: YESNO } },
  ItemDef: { attrs: ['OID', 'Name', 'DataType'], children: [['Description', '?'], ['Question', '?'], ['ExternalQuestion', '?'], ['MeasurementUnitRef', '*'], ['RangeCheck', '*'], ['CodeListRef', '?'], ['Role', '*'], ['Alias', '*']],
    enums: { DataType: ['integer', 'float', 'date', 'time', 'datetime', 'string', 'text', 'boolean', 'double', 'hexBinary', 'base64Binary', 'hexFloat', 'base64Float', 'partialDate', 'partialTime', 'partialDatetime', 'durationDatetime', 'intervalDatetime', 'incompleteDatetime', 'incompleteDate', 'incompleteTime', 'URI'] } },
  Description: { attrs: [], children: [['TranslatedText', '+']] },
  Question: { attrs: [], children: [['TranslatedText', '+']] },
  Decode: { attrs: [], children: [['TranslatedText', '+']] },
  TranslatedText: { attrs: [], children: [] },
  MeasurementUnitRef: { attrs: ['MeasurementUnitOID'], children: [] },
  CodeListRef: { attrs: ['CodeListOID'], children: [] },
  CodeList: { attrs: ['OID', 'Name', 'DataType'], children: [['Description', '?'], ['CodeListItem', '*'], ['EnumeratedItem', '*'], ['ExternalCodeList', '?'], ['Alias', '*']], enums: { DataType: ['integer', 'float', 'text', 'string'] } },
  CodeListItem: { attrs: ['CodedValue'], children: [['Decode', '1'], ['Alias', '*']] },
  AdminData: { attrs: [], children: [['User', '*'], ['Location', '*'], ['SignatureDef', '*']] },
  User: { attrs: ['OID'], children: [['LoginName', '?'], ['DisplayName', '?'], ['FullName', '?'], ['FirstName', '?'], ['LastName', '?'], ['Organization', '?']] },
  LoginName: { attrs: [], children: [] }, DisplayName: { attrs: [], children: [] },
  StudyName: { attrs: [], children: [] }, StudyDescription: { attrs: [], children: [] }, ProtocolName: { attrs: [], children: [] },
  Location: { attrs: ['OID', 'Name'], children: [['MetaDataVersionRef', '+']], enums: { LocationType: ['Sponsor', 'Site', 'CRO', 'Lab', 'Other'] } },
  MetaDataVersionRef: { attrs: ['StudyOID', 'MetaDataVersionOID', 'EffectiveDate'], children: [] },
  ClinicalData: { attrs: ['StudyOID', 'MetaDataVersionOID'], children: [['SubjectData', '*']] },
  SubjectData: { attrs: ['SubjectKey'], children: [['AuditRecord', '?'], ['Signature', '?'], ['InvestigatorRef', '?'], ['SiteRef', '?'], ['Annotation', '*'], ['StudyEventData', '*']], enums: { TransactionType: TX } },
  SiteRef: { attrs: ['LocationOID'], children: [] },
  StudyEventData: { attrs: ['StudyEventOID'], children: [['AuditRecord', '?'], ['Signature', '?'], ['Annotation', '*'], ['FormData', '*']], enums: { TransactionType: TX } },
  FormData: { attrs: ['FormOID'], children: [['AuditRecord', '?'], ['Signature', '?'], ['ArchiveLayoutRef', '?'], ['Annotation', '*'], ['ItemGroupData', '*']], enums: { TransactionType: TX } },
  ItemGroupData: { attrs: ['ItemGroupOID'], children: [['AuditRecord', '?'], ['Signature', '?'], ['Annotation', '*'], ['ItemData', '*']], enums: { TransactionType: TX } },
  ItemData: { attrs: ['ItemOID'], children: [['AuditRecord', '?'], ['Signature', '?'], ['MeasurementUnitRef', '?'], ['Annotation', '*']], enums: { TransactionType: TX, IsNull: ['Yes'] } },
  AuditRecord: { attrs: [], children: [['UserRef', '1'], ['LocationRef', '1'], ['DateTimeStamp', '1'], ['ReasonForChange', '?'], ['SourceID', '?']] },
  UserRef: { attrs: ['UserOID'], children: [] },
  LocationRef: { attrs: ['LocationOID'], children: [] },
  DateTimeStamp: { attrs: [], children: [] },
  ReasonForChange: { attrs: [], children: [] },
};

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const VALUE_TYPES: Record<string, RegExp> = {
  integer: /^-?\d+$/, float: /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, date: /^\d{4}-\d{2}-\d{2}$/, boolean: /^(true|false|1|0)$/, datetime: DATETIME,
};

function checkChildren(node: XmlNode, rule: ElementRule, path: string, errors: string[]) {
  let k = 0;
  for (const [name, occ] of rule.children) {
    let n = 0;
    while (k < node.children.length && node.children[k]?.name === name) { k++; n++; }
    if ((occ === '1' || occ === '+') && n === 0) errors.push(`${path}: missing <${name}>`);
    if ((occ === '1' || occ === '?') && n > 1) errors.push(`${path}: <${name}> appears ${n} times (at most once)`);
  }
  if (k < node.children.length) {
    const bad = node.children[k];
    errors.push(`${path}: <${bad?.name}> not allowed here (allowed, in order: ${rule.children.map(([c]) => c).join(', ') || 'none'})`);
  }
}

/** Errors (empty = valid) of an ODM 1.3.2 document, for the elements we use. */
export function validateOdm(xml: string): string[] {
  const errors: string[] = [];
  let root: XmlNode;
  try { root = parseXml(xml); } catch (e) { return [`not well-formed XML: ${e instanceof Error ? e.message : String(e)}`]; }
  if (root.name !== 'ODM') return [`root element is <${root.name}>, not <ODM>`];
  if (root.attrs.xmlns !== 'http://www.cdisc.org/ns/odm/v1.3') errors.push('ODM: wrong or missing namespace');
  const oids = new Map<string, Map<string, XmlNode>>();
  const walk = (node: XmlNode, path: string, visit: (n: XmlNode, p: string) => void) => {
    visit(node, path);
    node.children.forEach((c, i) => walk(c, `${path}/${c.name}[${i}]`, visit));
  };
  walk(root, 'ODM', (node, path) => {
    const rule = RULES[node.name];
    if (!rule) { errors.push(`${path}: element <${node.name}> is not checked by this validator`); return; }
    for (const a of rule.attrs) if (!(a in node.attrs) || node.attrs[a] === '') errors.push(`${path}: missing attribute ${a}`);
    for (const [a, allowed] of Object.entries(rule.enums ?? {})) {
      const v = node.attrs[a];
      if (v !== undefined && !allowed.includes(v)) errors.push(`${path}: ${a}="${v}" is not one of ${allowed.join('|')}`);
    }
    checkChildren(node, rule, path, errors);
    const oid = node.attrs.OID;
    if (oid) {
      const kind = oids.get(node.name) ?? new Map<string, XmlNode>();
      if (kind.has(oid)) errors.push(`${path}: duplicate ${node.name} OID ${oid}`);
      kind.set(oid, node);
      oids.set(node.name, kind);
    }
    if (node.name === 'DateTimeStamp' && !DATETIME.test(node.text)) errors.push(`${path}: DateTimeStamp "${node.text}" is not an ISO 8601 date-time`);
  });
  if (!DATETIME.test(root.attrs.CreationDateTime ?? '')) errors.push('ODM: CreationDateTime is not an ISO 8601 date-time');
  const has = (kind: string, oid: string | undefined) => oid !== undefined && (oids.get(kind)?.has(oid) ?? false);
  const refs: [string, string, string][] = [
    ['StudyEventRef', 'StudyEventOID', 'StudyEventDef'], ['FormRef', 'FormOID', 'FormDef'], ['ItemGroupRef', 'ItemGroupOID', 'ItemGroupDef'],
    ['ItemRef', 'ItemOID', 'ItemDef'], ['CodeListRef', 'CodeListOID', 'CodeList'], ['MeasurementUnitRef', 'MeasurementUnitOID', 'MeasurementUnit'],
    ['UserRef', 'UserOID', 'User'], ['LocationRef', 'LocationOID', 'Location'], ['SiteRef', 'LocationOID', 'Location'],
    ['StudyEventData', 'StudyEventOID', 'StudyEventDef'], ['FormData', 'FormOID', 'FormDef'], ['ItemGroupData', 'ItemGroupOID', 'ItemGroupDef'],
    ['ItemData', 'ItemOID', 'ItemDef'],
  ];
  walk(root, 'ODM', (node, path) => {
    for (const [el, attr, kind] of refs) {
      if (node.name === el && !has(kind, node.attrs[attr])) errors.push(`${path}: ${attr}="${node.attrs[attr]}" does not name a ${kind}`);
    }
    if (node.name === 'ClinicalData' && !has('Study', node.attrs.StudyOID)) errors.push(`${path}: StudyOID does not name a Study`);
    if (node.name === 'ClinicalData' && !has('MetaDataVersion', node.attrs.MetaDataVersionOID)) errors.push(`${path}: MetaDataVersionOID does not name a MetaDataVersion`);
    if (node.name === 'ItemGroupData') {
      const def = oids.get('ItemGroupDef')?.get(node.attrs.ItemGroupOID ?? '');
      const allowed = new Set(def?.children.filter((c) => c.name === 'ItemRef').map((c) => c.attrs.ItemOID));
      if (def?.attrs.Repeating === 'Yes' && !node.attrs.ItemGroupRepeatKey) errors.push(`${path}: repeating group without ItemGroupRepeatKey`);
      for (const item of node.children.filter((c) => c.name === 'ItemData')) {
        if (!allowed.has(item.attrs.ItemOID)) errors.push(`${path}: ItemData ${item.attrs.ItemOID} is not in ${node.attrs.ItemGroupOID}`);
        const idef = oids.get('ItemDef')?.get(item.attrs.ItemOID ?? '');
        const value = item.attrs.Value;
        if (value === undefined && item.attrs.IsNull !== 'Yes') errors.push(`${path}: ItemData ${item.attrs.ItemOID} has neither Value nor IsNull="Yes"`);
        if (value !== undefined && idef) {
          const re = VALUE_TYPES[idef.attrs.DataType ?? ''];
          if (re && !re.test(value)) errors.push(`${path}: ${item.attrs.ItemOID} value "${value}" is not of type ${idef.attrs.DataType}`);
          const cl = idef.children.find((c) => c.name === 'CodeListRef');
          const list = cl ? oids.get('CodeList')?.get(cl.attrs.CodeListOID ?? '') : undefined;
          if (list && !list.children.some((c) => c.attrs.CodedValue === value)) errors.push(`${path}: ${item.attrs.ItemOID} value "${value}" is not in code list ${list.attrs.OID}`);
        }
      }
    }
  });
  return errors;
}
