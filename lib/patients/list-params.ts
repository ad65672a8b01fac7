/**
 * The patients list's filters, sort and page come from the query string (a GET form), so every view
 * is a shareable link. As on the dashboards (lib/analysis/params.ts), an unknown or malformed value
 * never fails the page and is never dropped silently: it is ignored and a notice says so.
 * Only the values listed here ever reach the data layer, which maps them to fixed SQL (no user text
 * is interpolated, except the id search, which is bound as a parameter).
 */
export type SearchParams = Record<string, string | string[] | undefined>;

export const RECORD_STATUSES = ['active', 'withdrawn', 'entered_in_error'] as const;
export const YES_NO = ['yes', 'no'] as const;
export const VITAL_STATUSES = ['alive', 'dead', 'unknown'] as const;
export const SORT_KEYS = ['code', 'centre', 'ibrutinib', 'queries'] as const;
export const SORT_DIRS = ['asc', 'desc'] as const;

export type RecordStatus = (typeof RECORD_STATUSES)[number];
export type VitalStatus = (typeof VITAL_STATUSES)[number];
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = (typeof SORT_DIRS)[number];

/** Filters beyond the caller's centre scope (which the service adds, whatever is asked here). */
export interface PatientListQuery {
  centreCode?: string;
  search?: string;
  status?: RecordStatus;
  discontinued?: boolean;
  vital?: VitalStatus;
  openQueries?: boolean;
  incomplete?: boolean;
  sort: SortKey;
  dir: SortDir;
}

export interface ParsedPatientList { query: PatientListQuery; page: number; notices: string[] }

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
/** A bad value is echoed back shortened: the page must not repeat arbitrary input at length. */
const echo = (v: string) => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);

/** An allowed value, or undefined with a notice; empty (a form's "any") means no filter. */
function pick<T extends string>(allowed: readonly T[], v: string | undefined, label: string, notices: string[], fallback = `no ${label} filter`): T | undefined {
  if (v === undefined || v === '') return undefined;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  notices.push(`Unknown ${label} ${echo(v)} ignored; ${fallback} (allowed: ${allowed.join(', ')}).`);
  return undefined;
}

export function parsePatientListParams(sp: SearchParams): ParsedPatientList {
  const notices: string[] = [];
  const centreRaw = first(sp.centre);
  let centreCode: string | undefined;
  if (centreRaw) {
    if (/^[A-Z]{2}-\d{2}$/.test(centreRaw)) centreCode = centreRaw;
    else notices.push(`Centre ${echo(centreRaw)} is not a centre code (e.g. PL-01); ignored.`);
  }
  const q = first(sp.q);
  const search = q ? q.slice(0, 40) : undefined;
  const status = pick(RECORD_STATUSES, first(sp.status), 'record status', notices);
  const disc = pick(YES_NO, first(sp.discontinued), 'discontinued value', notices, 'no discontinued filter');
  const vital = pick(VITAL_STATUSES, first(sp.vital), 'vital status', notices);
  const queries = pick(['open'] as const, first(sp.queries), 'data-query filter', notices, 'not filtering by queries');
  const crf = pick(['incomplete'] as const, first(sp.crf), 'CRF filter', notices, 'not filtering by CRFs');
  const sort = pick(SORT_KEYS, first(sp.sort), 'sort', notices, 'sorting by patient id') ?? 'code';
  const dir = pick(SORT_DIRS, first(sp.dir), 'sort direction', notices, 'ascending') ?? 'asc';
  const pageRaw = first(sp.page);
  let page = 1;
  if (pageRaw !== undefined && pageRaw !== '') {
    if (/^\d{1,6}$/.test(pageRaw) && Number(pageRaw) >= 1) page = Number(pageRaw);
    else notices.push(`Page ${echo(pageRaw)} is not a page number; showing page 1.`);
  }
  return {
    query: {
      centreCode, search, status, vital, sort, dir,
      discontinued: disc === undefined ? undefined : disc === 'yes',
      openQueries: queries ? true : undefined,
      incomplete: crf ? true : undefined,
    },
    page, notices,
  };
}

/** The query string of a view (defaults left out), for paging links that keep every filter. */
export function patientListSearch(q: PatientListQuery, page?: number): string {
  const p = new URLSearchParams();
  if (q.centreCode) p.set('centre', q.centreCode);
  if (q.search) p.set('q', q.search);
  if (q.status) p.set('status', q.status);
  if (q.discontinued !== undefined) p.set('discontinued', q.discontinued ? 'yes' : 'no');
  if (q.vital) p.set('vital', q.vital);
  if (q.openQueries) p.set('queries', 'open');
  if (q.incomplete) p.set('crf', 'incomplete');
  if (q.sort !== 'code') p.set('sort', q.sort);
  if (q.dir !== 'asc') p.set('dir', q.dir);
  if (page !== undefined && page > 1) p.set('page', String(page));
  return p.toString();
}
