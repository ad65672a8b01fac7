import 'server-only';
/**
 * The long-format export of the patients' courses (lib/exchange/long-format.ts): a zip of one CSV
 * per record kind with a README of the columns, or the same as JSON. Scoped to the caller's centres
 * and audited (one data_export event) in the same transaction as the read, as the cohort exports.
 */
import type { Db } from '@/db/client';
import { can, centreFilter, type Principal } from '@/lib/auth/permissions';
import { courseZip } from '@/lib/exchange/course-zip';
import { asPatientCourses, loadCourses } from '@/lib/exchange/load-course';
import { courseJson } from '@/lib/exchange/long-format';
import { recordEvent } from '@/lib/services/audit/record-event';
import { forbidden } from '@/lib/services/errors';

export const COURSE_EXPORT_FORMATS = ['zip', 'json'] as const;
export type CourseExportFormat = (typeof COURSE_EXPORT_FORMATS)[number];

export interface CourseExportFile { fileName: string; contentType: string; body: Uint8Array<ArrayBuffer> | string; patients: number; instances: number }

export async function exportCourse(db: Db, user: Principal & { email: string }, format: CourseExportFormat, now = new Date()): Promise<CourseExportFile> {
  if (!can(user, 'data.export')) throw forbidden();
  const scope = centreFilter(user);
  const stamp = now.toISOString().slice(0, 10);
  return db.transaction(async (tx) => {
    const courses = asPatientCourses(await loadCourses(tx, { centreIds: scope }));
    const instances = courses.reduce((n, c) => n + Object.values(c.records).reduce((k, list) => k + list.length, 0), 0);
    const file: CourseExportFile = format === 'zip'
      ? { fileName: `cll-registry-course-${stamp}.zip`, contentType: 'application/zip', body: courseZip(courses, now.toISOString()) as Uint8Array<ArrayBuffer>, patients: courses.length, instances }
      : { fileName: `cll-registry-course-${stamp}.json`, contentType: 'application/json; charset=utf-8', body: courseJson(courses, now.toISOString()), patients: courses.length, instances };
    const bytes = typeof file.body === 'string' ? Buffer.byteLength(file.body) : file.body.byteLength;
    await recordEvent(tx, {
      actor: { id: user.id, label: user.email }, action: 'data_export', tableName: 'patients', newValue: `course-${format}`,
      details: { format: `course-${format}`, patients: file.patients, instances, fileName: file.fileName, centres: scope ?? 'all', bytes },
    });
    return file;
  });
}
