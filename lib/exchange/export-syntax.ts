/**
 * Syntax files for statistics packages, generated from the column table (like REDCap's R and SPSS
 * export syntax): read the cohort CSV, set types, factor levels/value labels and variable labels.
 *
 * Missing-data codes: a cell "[not_done]" says why the value is missing. Both scripts keep the code
 * in a companion variable (R: `<col>.missing`, a labelled factor; SPSS: `<col>_missing`, a labelled
 * string) and set the value itself to missing before converting its type, so an analysis treats it
 * as missing and can still tell "not done" from "not recorded".
 */
import { exportLabelOf, isNumericCodeList, missingLabel, RECORDS, valueKey, type MissingCode } from '@/lib/dictionary';
import { codeList, COLUMNS, missingVariableLabel, type ColumnDef } from './codes';
import { longFields, longFileName } from './long-format';

const rStr = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const spssStr = (s: string) => `'${s.replace(/'/g, "''")}'`;

const WITH_MISSING = COLUMNS.filter((c): c is ColumnDef & { missingCodes: readonly MissingCode[] } => c.missingCodes !== undefined);

/** R: the code into `<col>.missing`, NA in the value, then the value's own type (dates follow below). */
function rMissing(c: ColumnDef & { missingCodes: readonly MissingCode[] }): string[] {
  const v = `data$${c.name}`;
  const convert = c.kind === 'integer' ? 'as.integer' : c.kind === 'decimal' ? 'as.numeric' : c.kind === 'boolean' ? 'as.logical' : null;
  return [
    `${v}.missing <- factor(ifelse(grepl("^\\\\[[a-z_]+\\\\]$", ${v}), gsub("^\\\\[|\\\\]$", "", ${v}), NA), levels = c(${c.missingCodes.map(rStr).join(', ')}), labels = c(${c.missingCodes.map((m) => rStr(missingLabel(m))).join(', ')}))`,
    `${v}[!is.na(${v}.missing)] <- NA`,
    ...(convert ? [`${v} <- ${convert}(${v})`] : []),
  ];
}

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
  ];
  if (WITH_MISSING.length) {
    out.push('# Missing-data codes: "[code]" says why a value is missing. The code goes to <column>.missing', '# and the value becomes NA.',
      ...WITH_MISSING.flatMap(rMissing), '');
  }
  out.push(
    '# Dates',
    ...COLUMNS.filter((c) => c.kind === 'date').map((c) => `data$${c.name} <- as.Date(data$${c.name})`),
    '',
    '# Factors',
  );
  for (const c of COLUMNS.filter((col) => col.kind === 'code' && col.codes)) {
    const list = codeList(c.codes ?? 'sex');
    out.push(`data$${c.name}.factor <- factor(data$${c.name}, levels = c(${list.codes.map(rStr).join(', ')}), labels = c(${list.codes.map((k) => rStr(list.labels[k] ?? k)).join(', ')}))`);
  }
  out.push('', '# Variable labels (shown by RStudio, Hmisc and labelled)');
  for (const c of COLUMNS) {
    out.push(`attr(data$${c.name}, "label") <- ${rStr(labelOf(c))}`);
    if (c.missingCodes) out.push(`attr(data$${c.name}.missing, "label") <- ${rStr(missingVariableLabel(c.label))}`);
  }
  out.push('', ...rCourseSection(), '');
  return out.join('\n');
}

/**
 * R: the long tables of the course (the course export's zip, unzipped next to the cohort CSV) into
 * the list `course` (course$visits, course$adverse_events, …), one data frame per record kind,
 * typed like the cohort: dates, integers, logicals, "[code]" into `<col>.missing`, and a labelled
 * `.factor` copy of every coded column. A table that is not there is skipped.
 */
export function rCourseSection(): string[] {
  const out = [
    '# The patients\' course: the long tables of the course export (zip), one data frame per record in',
    '# the list `course`, keyed by patientId (the cohort\'s id) and seq. Read only when the files are here.',
    'course <- list()',
    'read_course <- function(file) read.csv(file, stringsAsFactors = FALSE, na.strings = "", colClasses = "character", encoding = "UTF-8")',
  ];
  for (const def of RECORDS) {
    const name = def.slug.replace(/-/g, '_');
    out.push(`if (file.exists(${rStr(longFileName(def))})) {`, `  d <- read_course(${rStr(longFileName(def))})`, '  d$seq <- as.integer(d$seq)');
    for (const f of longFields(def.kind)) {
      const v = `d$${valueKey(f)}`;
      if (f.type === 'text') out.push(`  ${v} <- sub("^'", "", ${v})`);
      if (f.missingCodes) {
        out.push(
          `  ${v}.missing <- factor(ifelse(grepl("^\\\\[[a-z_]+\\\\]$", ${v}), gsub("^\\\\[|\\\\]$", "", ${v}), NA), levels = c(${f.missingCodes.map(rStr).join(', ')}), labels = c(${f.missingCodes.map((m) => rStr(missingLabel(m))).join(', ')}))`,
          `  ${v}[!is.na(${v}.missing)] <- NA`,
        );
      }
      const numericCode = f.type === 'code' && isNumericCodeList(f.codeList);
      if (f.type === 'date') out.push(`  ${v} <- as.Date(${v})`);
      else if (f.type === 'integer' || numericCode) out.push(`  ${v} <- as.integer(${v})`);
      else if (f.type === 'decimal') out.push(`  ${v} <- as.numeric(${v})`);
      else if (f.type === 'boolean') out.push(`  ${v} <- as.logical(${v})`);
      if (f.codeList && f.type !== 'codes') {
        const list = codeList(f.codeList);
        const levels = numericCode || f.type === 'integer' ? list.codes.join(', ') : list.codes.map(rStr).join(', ');
        out.push(`  ${v}.factor <- factor(${v}, levels = c(${levels}), labels = c(${list.codes.map((k) => rStr(list.labels[k] ?? k)).join(', ')}))`);
      }
      out.push(`  attr(${v}, "label") <- ${rStr(exportLabelOf(f))}`);
    }
    out.push(
      '  d$status <- factor(d$status, levels = c("draft", "complete", "verified", "locked"))',
      '  d$enteredInError <- as.logical(d$enteredInError)',
      `  course$${name} <- d`,
      '}',
    );
  }
  return out;
}

function labelOf(c: ColumnDef): string {
  return c.unit ? `${c.label} (${c.unit})` : c.label;
}

function spssFormat(c: ColumnDef): string {
  switch (c.kind) {
    case 'integer': return 'F8.0';
    case 'decimal': return 'F10.3';
    case 'date': return 'SDATE10';
    case 'code': return isNumericCodeList(c.codes) ? 'F1.0' : 'A40';
    case 'boolean': return 'A5';
    case 'therapies': return 'A500';
    default: return 'A255';
  }
}

/** How SPSS reads the cell: as text when it may hold "[code]", converted after the code is taken out. */
function spssReadFormat(c: ColumnDef): string {
  if (!c.missingCodes) return spssFormat(c);
  return c.kind === 'code' && !isNumericCodeList(c.codes) ? 'A40' : 'A20';
}

export function spssSyntax(csvFileName: string): string {
  const out = [
    '* CLL Registry: SPSS syntax reading the analysis-ready cohort CSV.',
    'GET DATA /TYPE=TXT',
    `  /FILE=${spssStr(csvFileName)}`,
    '  /ENCODING=\'UTF8\' /DELCASE=LINE /DELIMITERS="," /QUALIFIER=\'"\' /ARRANGEMENT=DELIMITED /FIRSTCASE=2',
    '  /VARIABLES=',
    ...COLUMNS.map((c) => `    ${c.name} ${spssReadFormat(c)}`),
    '.',
  ];
  if (WITH_MISSING.length) {
    out.push('* Missing-data codes: "[code]" says why a value is missing; the code goes to <column>_missing, the value is emptied.');
    for (const c of WITH_MISSING) {
      const m = `${c.name}_missing`;
      out.push(
        `STRING ${m} (A20).`,
        `IF (INDEX(${c.name}, '[') = 1) ${m} = SUBSTR(${c.name}, 2, LENGTH(RTRIM(${c.name})) - 2).`,
        `IF (${m} <> '') ${c.name} = ''.`,
      );
      // Then the value's own type (booleans are recoded below with the others).
      if (spssReadFormat(c) !== spssFormat(c) && c.kind !== 'boolean') out.push(`ALTER TYPE ${c.name} (${spssFormat(c)}).`);
    }
  }
  const labelled = COLUMNS.flatMap((c) => [{ name: c.name, label: labelOf(c) }, ...(c.missingCodes ? [{ name: `${c.name}_missing`, label: missingVariableLabel(c.label) }] : [])]);
  out.push(
    'VARIABLE LABELS',
    ...labelled.map((c, i) => `  ${c.name} ${spssStr(c.label)}${i === labelled.length - 1 ? '.' : ''}`),
    '',
  );
  for (const c of COLUMNS.filter((col) => col.kind === 'code' && col.codes)) {
    const list = codeList(c.codes ?? 'sex');
    const numeric = isNumericCodeList(c.codes);
    out.push(`VALUE LABELS ${c.name} ${list.codes.map((k) => `${numeric ? k : spssStr(k)} ${spssStr(list.labels[k] ?? k)}`).join(' ')}.`);
  }
  for (const c of WITH_MISSING) {
    out.push(`VALUE LABELS ${c.name}_missing ${c.missingCodes.map((k) => `${spssStr(k)} ${spssStr(missingLabel(k))}`).join(' ')}.`);
  }
  const bools = COLUMNS.filter((c) => c.kind === 'boolean');
  for (const c of bools) {
    out.push(`RECODE ${c.name} ('TRUE'='1') ('FALSE'='0') (ELSE='').`);
    out.push(`ALTER TYPE ${c.name} (F1.0).`, `VALUE LABELS ${c.name} 1 'Yes' 0 'No'.`);
  }
  out.push('EXECUTE.', '');
  return out.join('\n');
}
