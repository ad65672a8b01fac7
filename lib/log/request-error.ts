/**
 * One log line per server error (instrumentation.ts onRequestError): the request id (the same one
 * the error page shows), the error's digest (what the page shows after a client-side navigation),
 * method, route and where it was thrown. Next's own printing of the error is off (`quiet` in
 * scripts/server.ts), so this is the only line.
 */
import { log } from './logger';

interface ErrorRequest { path: string; method: string; headers: Record<string, string | string[] | undefined> }
interface ErrorContext { routePath: string; routeType: string; routerKind: string; renderSource?: string }

export function logRequestError(err: unknown, request: ErrorRequest, context: ErrorContext): void {
  const raw = request.headers['x-request-id'];
  const requestId = Array.isArray(raw) ? raw[0] : raw;
  const digest = typeof (err as { digest?: unknown } | null)?.digest === 'string' ? (err as { digest: string }).digest : undefined;
  log.error({
    ...(requestId ? { requestId } : {}), ...(digest ? { digest } : {}), method: request.method,
    route: context.routePath, routeType: context.routeType, ...(context.renderSource ? { renderSource: context.renderSource } : {}), err,
  }, 'server error');
}
