import 'server-only';
/** The analysis dataset for a user: permission checked here, rows limited to the user's centres. */
import type { Db } from '@/db/client';
import { can, centreFilter, type Principal } from '@/lib/auth/permissions';
import { loadAnalysisDataset } from '@/lib/dal/analysis-dataset';
import type { DatasetField } from '@/lib/analysis/fields';
import type { CohortRow } from '@/lib/analysis/types';
import { forbidden } from '@/lib/services/errors';

export async function readAnalysisDataset(db: Db, user: Principal, fields?: readonly DatasetField[]): Promise<CohortRow[]> {
  if (!can(user, 'dashboard.view')) throw forbidden();
  return loadAnalysisDataset(db, centreFilter(user), fields);
}
