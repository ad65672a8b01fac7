/**
 * Errors of the data API as RFC 9457 problem details (application/problem+json): a status, a short
 * title, and a detail sentence that says what to do. Thrown anywhere below a route (lib/api/route.ts
 * turns it into the response); no server-only import so the OpenAPI document can name the shape.
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed',
  429: 'Too many requests', 500: 'Internal server error',
};

export class ApiProblem extends Error {
  constructor(readonly status: number, readonly detail: string, readonly headers: Record<string, string> = {}) {
    super(detail);
  }
  get title(): string {
    return TITLES[this.status] ?? 'Error';
  }
}

export const badRequest = (detail: string) => new ApiProblem(400, detail);
export const unauthorized = (detail: string) => new ApiProblem(401, detail, { 'WWW-Authenticate': 'Bearer realm="cll-registry"' });
export const apiForbidden = (detail: string) => new ApiProblem(403, detail);
export const apiNotFound = (detail: string) => new ApiProblem(404, detail);

export function problemResponse(p: ApiProblem, instance: string, requestId?: string): Response {
  const body = { type: 'about:blank', title: p.title, status: p.status, detail: p.detail, instance, ...(requestId ? { requestId } : {}) };
  return new Response(JSON.stringify(body), {
    status: p.status,
    headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, 'Cache-Control': 'no-store', ...p.headers },
  });
}
