import 'server-only';
/**
 * One wrapper for every /api/v1 endpoint: Bearer token (never a session cookie: the API reads no
 * cookie at all, so it has no CSRF surface), the per-token rate limit, the handler, then the answer —
 * JSON with a weak ETag (304 on If-None-Match) or a stream — and one `api_request` audit row per use
 * (token id, endpoint, rows returned). A stream's row is written when the last row has been sent.
 * Every error is application/problem+json.
 */
import type { Db } from '@/db/client';
import { getDb } from '@/db/client';
import { env } from '@/lib/env';
import { REQUEST_ID_HEADER } from '@/lib/http/request-id';
import { log } from '@/lib/log/logger';
import { recordEvent } from '@/lib/services/audit/record-event';
import { ServiceError } from '@/lib/services/errors';
import { etagMatches, weakEtag } from './etag';
import { ApiProblem, problemResponse } from './problem';
import { assertWithinLimit, consumeRequest, rateHeaders } from './rate-limit';
import { authenticateBearer, type TokenCaller } from './tokens';

export interface ApiContext {
  db: Db;
  caller: TokenCaller;
  url: URL;
  params: Record<string, string>;
}

/** A JSON document (`rows`: how many records it carries, for the audit row). */
export interface JsonResult { kind: 'json'; body: unknown; rows: number }
/** A streamed body: `chunks` yields text and counts the rows it sent in `counter`. */
export interface StreamResult {
  kind: 'stream';
  contentType: string;
  fileName: string;
  chunks: (counter: { rows: number }) => AsyncIterable<string>;
}
export type ApiResult = JsonResult | StreamResult;
export type ApiHandler = (ctx: ApiContext) => Promise<ApiResult>;

export interface ApiDeps { db: Db; rateLimit: number }

function asProblem(err: unknown): ApiProblem | null {
  if (err instanceof ApiProblem) return err;
  if (err instanceof ServiceError) {
    const status = err.code === 'forbidden' ? 403 : err.code === 'not_found' ? 404 : 400;
    return new ApiProblem(status, err.message);
  }
  return null;
}

async function audit(db: Db, caller: TokenCaller, endpoint: string, url: URL, rows: number, extra: Record<string, unknown> = {}) {
  await recordEvent(db, {
    actor: { id: caller.user.id, label: caller.user.email }, action: 'api_request', tableName: 'api_tokens', recordId: caller.tokenId,
    centreId: caller.user.centreId, details: { tokenId: caller.tokenId, endpoint, query: url.search, rows, ...extra },
  });
}

const encoder = new TextEncoder();

/** Pull-driven: the next chunk is produced only when the client has taken the previous one (constant memory). */
function toStream(iterable: AsyncIterable<string>, onDone: (error: unknown) => Promise<void>): ReadableStream<Uint8Array> {
  const it = iterable[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await it.next();
        if (next.done) {
          await onDone(null);
          controller.close();
        } else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        await onDone(err);
        controller.error(err);
      }
    },
    async cancel() {
      await it.return?.();
      await onDone(new Error('client closed the connection'));
    },
  }, { highWaterMark: 1 });
}

/** Runs one API request (route handlers call apiGet; tests call this with their own database). */
export async function runApi(request: Request, endpoint: string, params: Record<string, string>, handler: ApiHandler, deps: ApiDeps): Promise<Response> {
  const url = new URL(request.url);
  const requestId = request.headers.get(REQUEST_ID_HEADER) ?? undefined;
  try {
    const caller = await authenticateBearer(deps.db, request.headers.get('authorization'));
    const rate = await consumeRequest(deps.db, caller.tokenId, deps.rateLimit);
    assertWithinLimit(rate);
    const result = await handler({ db: deps.db, caller, url, params });
    const headers: Record<string, string> = { ...rateHeaders(rate), 'Cache-Control': 'private, no-cache', Vary: 'Authorization' };
    if (result.kind === 'json') {
      const body = JSON.stringify(result.body);
      const etag = weakEtag(body);
      const notModified = etagMatches(request.headers.get('if-none-match'), etag);
      await audit(deps.db, caller, endpoint, url, notModified ? 0 : result.rows, notModified ? { notModified: true } : {});
      if (notModified) return new Response(null, { status: 304, headers: { ...headers, ETag: etag } });
      return new Response(body, { status: 200, headers: { ...headers, ETag: etag, 'Content-Type': 'application/json; charset=utf-8' } });
    }
    const counter = { rows: 0 };
    let finished = false;
    const stream = toStream(result.chunks(counter), async (error) => {
      if (finished) return;
      finished = true;
      if (error) log.error({ err: error, endpoint, tokenId: caller.tokenId }, 'api stream ended early');
      await audit(deps.db, caller, endpoint, url, counter.rows, error ? { incomplete: true } : {}).catch((err: unknown) => log.error({ err }, 'api audit failed'));
    });
    return new Response(stream, {
      status: 200,
      headers: { ...headers, 'Content-Type': result.contentType, 'Content-Disposition': `attachment; filename="${result.fileName}"` },
    });
  } catch (err) {
    const problem = asProblem(err);
    if (problem) return problemResponse(problem, url.pathname, requestId);
    log.error({ err, endpoint }, 'api request failed');
    return problemResponse(new ApiProblem(500, 'The request failed on the server; it was logged. Try again, or report the request id.'), url.pathname, requestId);
  }
}

/** Next passes a context to every route handler; `params` resolves to undefined on a route without dynamic segments. */
type RouteContext = { params?: Promise<Record<string, string | string[]> | undefined> };

/** A route's GET handler. */
export function apiGet(endpoint: string, handler: ApiHandler) {
  return async (request: Request, context?: RouteContext): Promise<Response> => {
    const raw = (await context?.params) ?? {};
    const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]));
    return runApi(request, endpoint, params, handler, { db: await getDb(), rateLimit: env().API_RATE_LIMIT_PER_MINUTE });
  };
}
