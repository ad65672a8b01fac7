import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/permissions';
import { MAX_IMPORT_BYTES } from '@/lib/exchange/parse-import';
import { ImportPanel } from './import-panel';

export const metadata = { title: 'Import / export' };

const EXPORTS = [
  { format: 'csv', label: 'Cohort CSV', note: 'analysis-ready, one row per patient; the import format' },
  { format: 'json', label: 'Cohort JSON', note: 'the same data as nested records (re-importable)' },
  { format: 'dictionary', label: 'Data dictionary (CSV)', note: 'every column with type, unit and codes' },
  { format: 'r', label: 'R script', note: 'reads the cohort CSV with factors and labels' },
  { format: 'spss', label: 'SPSS syntax', note: 'reads the cohort CSV with value and variable labels' },
  { format: 'odm', label: 'CDISC ODM 1.3.2 (XML)', note: 'study definition, clinical data and audit trail' },
  { format: 'course/zip', label: 'Course, long format (zip of CSVs)', note: 'visits, adverse events, dose periods, interruptions, tests: one line per record; re-importable' },
  { format: 'course/json', label: 'Course, long format (JSON)', note: 'the same records nested per patient (re-importable)' },
] as const;

export default async function DataPage() {
  const user = await requireUser('patient.read');
  const mayImport = can(user, 'data.import');
  const mayExport = can(user, 'data.export');
  const scope = user.role === 'investigator' ? `patients of ${user.centreCode ?? 'your centre'}` : 'patients of all centres';
  return (
    <section>
      <h1>Import / export</h1>
      {mayImport ? (
        <div className="card">
          <h2>Import a cohort or course file</h2>
          <p className="muted">
            CSV in the cohort format (see the data dictionary) or JSON in the demo cohort&apos;s format, up to {MAX_IMPORT_BYTES / 1048576} MB;
            or the patients&apos; course in the long format (the zip or JSON the course export gives: new records are added, changed ones updated).
            The file is checked first; nothing is written until you confirm and every row is valid. Patients already in the
            registry with identical data are skipped; changed data are updated (recorded in the audit trail).
            {user.role === 'investigator' ? ` You can import ${scope} only.` : ''}
          </p>
          <ImportPanel />
        </div>
      ) : null}
      {mayExport ? (
        <div className="card">
          <h2>Export</h2>
          <p className="muted">Exports contain {scope}. Every export is recorded in the audit trail.</p>
          <ul>
            {EXPORTS.map((e) => (
              <li key={e.format}><a href={`/data/export/${e.format}`} download>{e.label}</a> <span className="muted">— {e.note}</span></li>
            ))}
          </ul>
          <p className="muted">Formats, columns and codes are described in the data dictionary.</p>
        </div>
      ) : null}
    </section>
  );
}
