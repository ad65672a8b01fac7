/**
 * Query parameters shared by the list endpoints: an opaque cursor (base64url of the last key seen,
 * so a page never shifts when rows are added before it), a limit with a ceiling, the centre and
 * updated_since filters and the output format. Bad values are a 400 with a sentence, never a 500.
 */
import { badRequest } from './problem';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
export const FORMATS = ['json', 'csv', 'ndjson'] as const;
export type ApiFormat = (typeof FORMATS)[number];

export interface ListQuery {
  /** The key after which the page starts (null: from the first row). */
  after: string | null;
  limit: number;
  /** Centre code, or null for every centre the token may see. */
  centre: string | null;
  updatedSince: Date | null;
  format: ApiFormat;
}

export function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && 'k' in parsed && typeof parsed.k === 'string') return parsed.k;
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('The cursor is not one this API returned: pass nextCursor from the previous page unchanged.');
}

export function parseListQuery(params: URLSearchParams, opts: { formats?: readonly ApiFormat[] } = {}): ListQuery {
  const known = new Set(['cursor', 'limit', 'centre', 'updated_since', 'format', 'cutoff']);
  for (const key of params.keys()) {
    if (!known.has(key)) throw badRequest(`Unknown query parameter "${key}". Known: cursor, limit, centre, updated_since, format.`);
  }
  const rawLimit = params.get('limit');
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== null) {
    if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_LIMIT) {
      throw badRequest(`limit must be a whole number from 1 to ${MAX_LIMIT}.`);
    }
    limit = Number(rawLimit);
  }
  const rawSince = params.get('updated_since');
  let updatedSince: Date | null = null;
  if (rawSince !== null) {
    // ISO 8601 date or date-time only: Date.parse alone accepts too much ("1", "March 7").
    const d = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(rawSince) ? new Date(rawSince) : null;
    if (!d || Number.isNaN(d.getTime())) throw badRequest('updated_since must be an ISO 8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z.');
    updatedSince = d;
  }
  const formats = opts.formats ?? FORMATS;
  const format = (params.get('format') ?? 'json') as ApiFormat;
  if (!formats.includes(format)) throw badRequest(`format must be one of: ${formats.join(', ')}.`);
  const cursor = params.get('cursor');
  if (cursor !== null && format !== 'json') throw badRequest('cursor applies to JSON pages only: CSV and NDJSON stream every row in one response.');
  const centre = params.get('centre');
  if (centre !== null && !/^[A-Za-z0-9-]{1,20}$/.test(centre)) throw badRequest('centre must be a centre code such as PL-01.');
  return { after: cursor === null ? null : decodeCursor(cursor), limit, centre, updatedSince, format };
}
