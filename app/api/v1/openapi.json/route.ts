/**
 * GET /api/v1/openapi.json: the API's OpenAPI 3.1 document (lib/api/openapi.ts). Public: it
 * describes the shapes only, no registry data, so tools can read it without a token.
 */
import { etagMatches, weakEtag } from '@/lib/api/etag';
import { openApiDocument } from '@/lib/api/openapi';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  const body = JSON.stringify(openApiDocument(), null, 1);
  const etag = weakEtag(body);
  const headers = { ETag: etag, 'Cache-Control': 'public, max-age=300' };
  if (etagMatches(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' } });
}
