/**
 * The long format's zip: the five course tables (long-format.ts) and a README that is their data
 * dictionary (every column with its label, type, unit, codes and missing-data codes, from the
 * dictionary entries). fflate writes and reads it; reading refuses what is not a zip, a zip that
 * unpacks to more than the import limit (checked on the sizes the zip declares, then on the bytes
 * actually produced) and tables that are not UTF-8 text.
 */
import { strToU8, unzipSync, zipSync } from 'fflate';
import { CODE_LIST_DEFS, exportLabelOf, RECORDS, valueKey, type FieldDef } from '@/lib/dictionary';
import { codeList } from './codes';
import { longColumns, longFields, longFileName, longTables, type PatientCourse } from './long-format';
import { ImportFileError, MAX_IMPORT_BYTES } from './parse-import';

export const COURSE_ZIP_README = 'README.txt';

function typeOf(f: FieldDef): string {
  if (f.type === 'code') return f.codeList && (CODE_LIST_DEFS[f.codeList] as { numeric?: boolean }).numeric ? 'integer code' : 'code';
  return f.type;
}

/** The README: what the tables are, then every table's columns. */
export function courseReadme(exportedAt: string): string {
  const out = [
    'CLL Registry: the patients\' course in long format',
    `Exported ${exportedAt}.`,
    '',
    'One CSV per repeating record, one line per instance, keyed by patientId (the pseudonym) and seq',
    '(the instance number, 1, 2, ... per patient and record, never reused). Missing cells are empty;',
    'a value the registry records as missing for a reason has the code in brackets: [unknown].',
    'status is the instance\'s workflow status in the registry (draft, complete, verified, locked);',
    'enteredInError TRUE marks an instance kept but left out of every analysis and check.',
    'adverseEventSeq (dose periods, interruptions) names the seq of the patient\'s adverse event.',
    'The same files can be imported on the Data page (the status column is then not read).',
    '',
  ];
  for (const def of RECORDS) {
    out.push(`${longFileName(def)} (${def.plural})`);
    for (const col of longColumns(def.kind)) {
      const f = longFields(def.kind).find((x) => valueKey(x) === col);
      if (!f) {
        const fixed: Record<string, string> = {
          patientId: 'Patient pseudonym id (e.g. PL-03-017)', seq: 'Instance number (integer)',
          status: 'Workflow status: draft, complete, verified, locked', enteredInError: 'Entered in error (TRUE/FALSE)',
        };
        out.push(`  ${col}: ${fixed[col] ?? col}`);
        continue;
      }
      const parts = [`${col}: ${exportLabelOf(f)}`, typeOf(f)];
      if (f.unit) parts.push(f.unit);
      if (f.codeList) {
        const list = codeList(f.codeList);
        parts.push(`codes ${list.codes.map((c) => `${c} = ${list.labels[c] ?? c}`).join('; ')}`);
      }
      if (f.min !== undefined || f.max !== undefined) parts.push(`range ${f.min ?? ''}–${f.max ?? ''}`);
      if (f.missingCodes) parts.push(`missing-data codes ${f.missingCodes.map((c) => `[${c}]`).join(', ')}`);
      out.push(`  ${parts.join(' | ')}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** The zip of the five tables and the README. */
export function courseZip(courses: readonly PatientCourse[], exportedAt: string): Uint8Array {
  const files: Record<string, Uint8Array> = { [COURSE_ZIP_README]: strToU8(courseReadme(exportedAt)) };
  for (const [name, text] of longTables(courses)) files[name] = strToU8(text);
  // A fixed modification time: the same data give the same bytes.
  return zipSync(files, { level: 6, mtime: new Date('2020-01-01T00:00:00Z') });
}

export const isZip = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** The files of an uploaded zip as text (directories skipped). */
export function readCourseZip(bytes: Uint8Array): Map<string, string> {
  if (!isZip(bytes)) throw new ImportFileError('The file is not a zip archive. Upload the zip the registry exports (visits.csv, adverse-events.csv, …) or the course JSON.');
  let declared = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        declared += f.originalSize;
        if (declared > MAX_IMPORT_BYTES) throw new ImportFileError(`The zip unpacks to more than ${MAX_IMPORT_BYTES / 1048576} MB; split it into smaller files.`);
        return !f.name.endsWith('/');
      },
    });
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    throw new ImportFileError(`The zip archive cannot be read (${e instanceof Error ? e.message : 'damaged file'}).`);
  }
  let total = 0;
  const out = new Map<string, string>();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const [name, data] of Object.entries(files)) {
    total += data.byteLength;
    if (total > MAX_IMPORT_BYTES) throw new ImportFileError(`The zip unpacks to more than ${MAX_IMPORT_BYTES / 1048576} MB; split it into smaller files.`);
    try {
      out.set(name, decoder.decode(data));
    } catch {
      throw new ImportFileError(`${name} in the zip is not UTF-8 text. Save the tables as "CSV UTF-8" and zip them again.`);
    }
  }
  return out;
}

/** Text for the tables' hash (the preview names the file it checked): every file, by name. */
export function canonicalTables(tables: ReadonlyMap<string, string>): string {
  return JSON.stringify([...tables].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
