import 'server-only';
/**
 * Rows as JSON built by the database: json_build_object gives the same JSON types on PostgreSQL and
 * PGlite (numbers for numeric, ISO strings for dates, arrays for text[]), so no driver type parsing
 * differs between them. json_build_object takes at most 100 arguments: wider rows are built in
 * several objects and merged here, in column order.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';

/** [output key, SQL expression]. Expressions are made from dictionary constants only, never from input. */
export type JsonColumn = readonly [key: string, expr: string];

const PAIRS_PER_OBJECT = 40;

export const utcStamp = (expr: string) => `to_char((${expr}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function jsonSelect(columns: readonly JsonColumn[]): SQL {
  const parts: string[] = [];
  for (let i = 0; i < columns.length; i += PAIRS_PER_OBJECT) {
    const pairs = columns.slice(i, i + PAIRS_PER_OBJECT).map(([k, e]) => `'${k.replace(/'/g, "''")}', ${e}`).join(', ');
    parts.push(`json_build_object(${pairs})::text AS j${i / PAIRS_PER_OBJECT}`);
  }
  return sql.raw(parts.join(', '));
}

/** Runs a query selecting jsonSelect(...) (plus anything else) and merges each row's objects. */
export async function jsonRows(db: Db, query: SQL): Promise<Record<string, unknown>[]> {
  const res = (await db.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  return res.rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; `j${i}` in r; i++) Object.assign(out, JSON.parse(String(r[`j${i}`])) as Record<string, unknown>);
    return out;
  });
}
