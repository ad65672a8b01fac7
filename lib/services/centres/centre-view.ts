import 'server-only';
/** What the admin pages show of a centre (a view type: never a raw row). */
import type { centres } from '@/db/schema';

export interface CentreView {
  id: number;
  code: string;
  name: string;
  city: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export function toCentreView(row: typeof centres.$inferSelect): CentreView {
  return {
    id: row.id, code: row.code, name: row.name, city: row.city, active: row.active,
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  };
}
