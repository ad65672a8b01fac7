/**
 * A page number from the query string (issue 11 item 13). A link can be edited by hand, so a value
 * that is not a whole page number ("1.5", "1e400", "-2", "abc") is never passed to a query (a
 * fractional OFFSET is a database error, i.e. a 500); it shows page 1 and says so.
 */
export interface PageParam { page: number; notice: string | null }

export function parsePageParam(raw: string | string[] | undefined, what = 'Page'): PageParam {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === '') return { page: 1, notice: null };
  if (/^\d{1,6}$/.test(value) && Number(value) >= 1) return { page: Number(value), notice: null };
  const shown = value.length > 20 ? `${value.slice(0, 20)}…` : value;
  return { page: 1, notice: `${what} "${shown}" is not a page number; showing page 1.` };
}
