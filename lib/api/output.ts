import 'server-only';
/**
 * Lists as a JSON page (keyset: rows after the cursor's key, one more row fetched to know whether a
 * next page exists) or as a stream of every row (CSV or NDJSON) read in keyset batches, so the server
 * holds one batch at a time whatever the registry's size.
 */
import { csvHeader, csvLine, type Cell } from '@/lib/exchange/csv-format';
import { encodeCursor, type ListQuery } from './paging';
import type { ApiResult } from './route';

export const STREAM_BATCH = 1000;

export interface Lister<T> {
  /** Rows after `after` (null: from the start), in key order, at most `limit`. */
  fetch: (after: string | null, limit: number) => Promise<T[]>;
  keyOf: (row: T) => string;
  /** CSV: the header and a row's cells (default: the JSON row's own keys and values). */
  csv?: { header: string; cells: (row: T) => Cell[] };
  /** Output row (default: the row itself). */
  json?: (row: T) => unknown;
}

function plainCells(row: unknown, columns: readonly string[]): Cell[] {
  const r = row as Record<string, unknown>;
  return columns.map((c) => {
    const v = r[c];
    if (v === null || v === undefined) return null;
    if (Array.isArray(v)) return v.length ? v.join(';') : null;
    if (typeof v === 'object') return JSON.stringify(v);
    return v as Cell;
  });
}

/** CSV columns of flat JSON rows: the keys of the row schema, nested objects flattened one level (forms.baseline). */
export function flatCsv<T>(columns: readonly string[]): { header: string; cells: (row: T) => Cell[] } {
  return {
    header: csvHeader(columns),
    cells: (row) => {
      const r = row as Record<string, unknown>;
      const flat: Record<string, unknown> = {};
      for (const c of columns) {
        const dot = c.indexOf('.');
        flat[c] = dot < 0 ? r[c] : (r[c.slice(0, dot)] as Record<string, unknown> | null | undefined)?.[c.slice(dot + 1)];
      }
      return plainCells(flat, columns);
    },
  };
}

export async function listResult<T>(q: ListQuery, fileStem: string, lister: Lister<T>): Promise<ApiResult> {
  const out = lister.json ?? ((r: T) => r);
  if (q.format === 'json') {
    const rows = await lister.fetch(q.after, q.limit + 1);
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    const last = page[page.length - 1];
    return { kind: 'json', rows: page.length, body: { data: page.map(out), nextCursor: more && last ? encodeCursor(lister.keyOf(last)) : null } };
  }
  const csv = lister.csv;
  if (q.format === 'csv' && !csv) throw new Error(`${fileStem}: no CSV layout`);
  return {
    kind: 'stream',
    contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    fileName: `${fileStem}.${q.format}`,
    chunks: async function* (counter) {
      if (q.format === 'csv' && csv) yield csv.header + '\n';
      let after: string | null = null;
      for (;;) {
        const rows = await lister.fetch(after, STREAM_BATCH);
        if (rows.length === 0) return;
        const lines = q.format === 'csv' && csv ? rows.map((r) => csvLine(csv.cells(r))) : rows.map((r) => JSON.stringify(out(r)));
        counter.rows += rows.length;
        yield lines.join('\n') + '\n';
        if (rows.length < STREAM_BATCH) return;
        const last = rows[rows.length - 1];
        if (!last) return;
        after = lister.keyOf(last);
      }
    },
  };
}
