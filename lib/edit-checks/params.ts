/**
 * The edit-check report's view from the query string (a GET form, so every view is a shareable
 * link), parsed like the patients list (lib/patients/list-params.ts): an unknown or malformed value
 * never fails the page and is never dropped silently; it is ignored and a notice says so. Only the
 * listed kinds reach the service. The centre is not checked here: the service decides what the
 * caller may see (another centre reads as "not found").
 */
import { CHECK_KINDS, type CheckKind } from './findings';

export type SearchParams = Record<string, string | string[] | undefined>;

export interface EditCheckQuery { centreCode?: string; kind?: CheckKind }
export interface ParsedEditCheckView { query: EditCheckQuery; page: number; notices: string[] }

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
/** A bad value is echoed back shortened: the page must not repeat arbitrary input at length. */
const echo = (v: string) => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);

export function parseEditCheckParams(sp: SearchParams): ParsedEditCheckView {
  const notices: string[] = [];
  const centreCode = first(sp.centre) || undefined;
  const kindRaw = first(sp.kind);
  let kind: CheckKind | undefined;
  if (kindRaw) {
    if ((CHECK_KINDS as readonly string[]).includes(kindRaw)) kind = kindRaw as CheckKind;
    else notices.push(`Unknown check kind ${echo(kindRaw)} ignored; showing every kind (allowed: ${CHECK_KINDS.join(', ')}).`);
  }
  const pageRaw = first(sp.page);
  let page = 1;
  if (pageRaw !== undefined && pageRaw !== '') {
    if (/^\d{1,6}$/.test(pageRaw) && Number(pageRaw) >= 1) page = Number(pageRaw);
    else notices.push(`Page ${echo(pageRaw)} is not a page number; showing page 1.`);
  }
  return { query: { centreCode, kind }, page, notices };
}

/** The query string of a view (defaults left out), for links that keep the filter. */
export function editCheckSearch(q: EditCheckQuery, page?: number): string {
  const p = new URLSearchParams();
  if (q.centreCode) p.set('centre', q.centreCode);
  if (q.kind) p.set('kind', q.kind);
  if (page !== undefined && page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `?${s}` : '';
}
