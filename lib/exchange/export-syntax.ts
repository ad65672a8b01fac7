/**
 * Syntax files for statistics packages, generated from the column table (like REDCap's R and SPSS
 * export syntax): read the cohort CSV, set types, factor levels/value labels and variable labels.
 */
import { codeList, COLUMNS, type ColumnDef } from './codes';

const rStr = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const spssStr = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function rScript(csvFileName: string): string {
  const out: string[] = [
    '# CLL Registry: R script reading the analysis-ready cohort CSV with factors and labels.',
    '# Generated from the registry data dictionary. Dates are Date; TRUE/FALSE are logical;',
    '# coded columns get a ".factor" copy with labelled levels (as REDCap does).',
    `data <- read.csv(${rStr(csvFileName)}, stringsAsFactors = FALSE, na.strings = c("", "NA"), encoding = "UTF-8")`,
    '',
    "# Text that began with = + - @ tab CR (formula-injection guard) or with an apostrophe, and the text NA,",
    "# was written with one more leading apostrophe: remove exactly one (lib/csv/formula.ts).",
    ...COLUMNS.filter((c) => c.kind === 'text' || c.kind === 'therapies').map((c) =>
      `data$${c.name} <- sub("^'", "", data$${c.name})`),
    '',
    '# Dates',
    ...COLUMNS.filter((c) => c.kind === 'date').map((c) => `data$${c.name} <- as.Date(data$${c.name})`),
    '',
    '# Factors',
  ];
  for (const c of COLUMNS.filter((col) => col.kind === 'code' && col.codes)) {
    const list = codeList(c.codes ?? 'sex');
    out.push(`data$${c.name}.factor <- factor(data$${c.name}, levels = c(${list.codes.map(rStr).join(', ')}), labels = c(${list.codes.map((k) => rStr(list.labels[k] ?? k)).join(', ')}))`);
  }
  out.push('', '# Variable labels (shown by RStudio, Hmisc and labelled)');
  for (const c of COLUMNS) out.push(`attr(data$${c.name}, "label") <- ${rStr(labelOf(c))}`);
  out.push('');
  return out.join('\n');
}

function labelOf(c: ColumnDef): string {
  return c.unit ? `${c.label} (${c.unit})` : c.label;
}

function spssFormat(c: ColumnDef): string {
  switch (c.kind) {
    case 'integer': return 'F8.0';
    case 'decimal': return 'F10.3';
    case 'date': return 'SDATE10';
    case 'code': return c.codes === 'ecog' || c.codes === 'aeGrade' ? 'F1.0' : 'A40';
    case 'boolean': return 'A5';
    case 'therapies': return 'A500';
    default: return 'A255';
  }
}

export function spssSyntax(csvFileName: string): string {
  const out = [
    '* CLL Registry: SPSS syntax reading the analysis-ready cohort CSV.',
    'GET DATA /TYPE=TXT',
    `  /FILE=${spssStr(csvFileName)}`,
    '  /ENCODING=\'UTF8\' /DELCASE=LINE /DELIMITERS="," /QUALIFIER=\'"\' /ARRANGEMENT=DELIMITED /FIRSTCASE=2',
    '  /VARIABLES=',
    ...COLUMNS.map((c) => `    ${c.name} ${spssFormat(c)}`),
    '.',
    'VARIABLE LABELS',
    ...COLUMNS.map((c, i) => `  ${c.name} ${spssStr(labelOf(c))}${i === COLUMNS.length - 1 ? '.' : ''}`),
    '',
  ];
  for (const c of COLUMNS.filter((col) => col.kind === 'code' && col.codes)) {
    const list = codeList(c.codes ?? 'sex');
    const numeric = c.codes === 'ecog' || c.codes === 'aeGrade';
    out.push(`VALUE LABELS ${c.name} ${list.codes.map((k) => `${numeric ? k : spssStr(k)} ${spssStr(list.labels[k] ?? k)}`).join(' ')}.`);
  }
  const bools = COLUMNS.filter((c) => c.kind === 'boolean');
  for (const c of bools) {
    out.push(`RECODE ${c.name} ('TRUE'='1') ('FALSE'='0') (ELSE='').`);
    out.push(`ALTER TYPE ${c.name} (F1.0).`, `VALUE LABELS ${c.name} 1 'Yes' 0 'No'.`);
  }
  out.push('EXECUTE.', '');
  return out.join('\n');
}
