/** Any other /api/v1 address: a problem+json 404 naming the endpoints, instead of the HTML not-found page. */
import { problemResponse, apiNotFound } from '@/lib/api/problem';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  return problemResponse(apiNotFound('No such endpoint. Endpoints: centres, patients, patients/{code}/course, records, forms/{form}, dictionary, analysis, audit, openapi.json.'),
    new URL(request.url).pathname);
}
