/**
 * Offset paging of a list whose size is known: a requested page past the end (a stale link, a
 * hand-typed ?page=999) is clamped to the last page, and the caller is told so it can say it,
 * instead of rendering "showing 99801–99800, page 999 of 2".
 */
export interface PageWindow { page: number; pages: number; first: number; last: number; clamped: boolean }

export function pageWindow(requested: number, total: number, pageSize: number): PageWindow {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const want = Number.isFinite(requested) ? Math.max(1, Math.floor(requested)) : 1;
  const page = Math.min(want, pages);
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return { page, pages, first, last, clamped: want > pages };
}
