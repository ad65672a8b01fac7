/**
 * The production HTTP server: Next's request handler inside a plain Node server, run by `npm start`
 * (after build and migrations) or directly with `node --import tsx scripts/server.ts` (`npm run serve`).
 *
 * Why a server script and not `next start`:
 * - Access log: Next has no response hook (proxy.ts runs before the response exists), so the one
 *   JSON line per request (request id, method, route, status, duration, user id) is written here,
 *   when the response finishes. Errors are logged by instrumentation.ts (onRequestError), once:
 *   `quiet` turns off Next's own printing of the same error.
 * - Request ids: every request gets one here (an incoming X-Request-Id only if it looks safe),
 *   on the request (for proxy.ts, the pages and the error log) and on the response.
 * - Graceful shutdown: `next start` on SIGTERM stops listening, waits for requests without a limit
 *   and exits 143, leaving the pool to die with the process. Here SIGTERM/SIGINT: /api/ready turns
 *   503, the listener closes (no new connections), requests in flight finish (up to
 *   SHUTDOWN_TIMEOUT_SECONDS, default 25), idle keep-alive connections are closed, the database
 *   pool is closed, exit 0 (1 if requests had to be cut off at the timeout).
 */
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import next from 'next';
import { closeDatabase } from '@/db/client';
import { closeReplica } from '@/db/replica';
import { stopMailWorker } from '@/lib/mail/start-worker';
import { REQUEST_ID_HEADER, requestIdFrom } from '@/lib/http/request-id';
import { isShuttingDown, markShuttingDown } from '@/lib/log/lifecycle';
import { log } from '@/lib/log/logger';
import { requestContext, type RequestContext } from '@/lib/log/request-context';

// Set before anything reads it (Next, next-auth's cookie settings); the imports above only define modules.
Object.assign(process.env, { NODE_ENV: 'production' });
const port = Number(process.env.PORT ?? '3000');
const listenHost = process.env.LISTEN_HOST || undefined;

function shutdownTimeoutMs(): number {
  const raw = process.env.SHUTDOWN_TIMEOUT_SECONDS;
  const seconds = raw === undefined || raw === '' ? 25 : Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`SHUTDOWN_TIMEOUT_SECONDS must be a number of seconds ≥ 0, got "${raw}"`);
  return seconds * 1000;
}

/** Static assets and probes are logged at debug level: at info they would drown the page requests. */
function quietRoute(route: string): boolean {
  return route.startsWith('/_next/') || route === '/api/health' || route === '/api/ready' || route === '/icon.svg';
}

function routeOf(url: string | undefined): string {
  // The path only: a query string can carry search terms (patient codes, names typed in a filter).
  try { return new URL(url ?? '/', 'http://x').pathname; } catch { return '(unparsable)'; }
}

async function main(): Promise<void> {
  const timeoutMs = shutdownTimeoutMs();
  if (!process.env.NEXTAUTH_URL) {
    // next-auth builds its redirects from NEXTAUTH_URL (and warns at every start without it).
    // Locally that is this port; behind nginx the operator sets the public https URL.
    process.env.NEXTAUTH_URL = `http://localhost:${port}`;
    log.info({ nextauthUrl: process.env.NEXTAUTH_URL }, 'NEXTAUTH_URL not set: using the local address (set the public URL behind a proxy)');
  }
  const app = next({ dev: false, dir: path.resolve('.'), quiet: true, hostname: 'localhost', port });
  const handle = app.getRequestHandler();
  await app.prepare();

  let inFlight = 0;
  let onIdle: (() => void) | null = null;

  const server = http.createServer((req, res) => {
    const started = performance.now();
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader('X-Request-Id', requestId);
    // A request that arrives on an open keep-alive connection while draining is served, and the
    // client is told to reconnect (to another instance) for the next one.
    if (isShuttingDown()) res.setHeader('Connection', 'close');
    const ctx: RequestContext = { requestId };
    const route = routeOf(req.url);
    inFlight++;
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      inFlight--;
      const fields = {
        requestId, ...(ctx.userId === undefined ? {} : { userId: ctx.userId }), method: req.method, route,
        status: res.statusCode, durationMs: Math.round(performance.now() - started),
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      if (quietRoute(route)) log.debug(fields, 'request'); else log.info(fields, 'request');
      if (inFlight === 0) onIdle?.();
    };
    res.on('finish', done);
    res.on('close', done);
    requestContext.run(ctx, () => {
      handle(req, res).catch((err: unknown) => {
        log.error({ err, route }, 'request handler failed');
        if (!res.headersSent) { res.statusCode = 500; res.end(); } else res.destroy();
      });
    });
  });
  // Idle keep-alive connections: the proxy in front must give up first (its upstream keepalive_timeout
  // below this), or it may reuse a connection Node is closing (a 502).
  server.keepAliveTimeout = 65_000;

  async function shutdown(signal: string): Promise<void> {
    if (isShuttingDown()) return;
    markShuttingDown();
    log.info({ signal, inFlight, timeoutSeconds: timeoutMs / 1000 }, 'shutting down: no new connections, finishing requests in flight');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive connections that fall idle while draining are closed at once (Node only closes
    // those idle at the moment close() is called).
    const sweeper = setInterval(() => server.closeIdleConnections(), 100);
    const drained = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => { onIdle = resolve; });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      drained.then(() => false),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), timeoutMs); }),
    ]);
    clearTimeout(timer);
    clearInterval(sweeper);
    if (timedOut) log.warn({ inFlight }, 'shutdown timeout: closing requests still in flight');
    server.closeAllConnections();
    await closed;
    await app.close().catch((err: unknown) => log.warn({ err }, 'closing Next failed'));
    // No new mail round after this; a mail claimed mid-send is retried by any instance once its lease ends.
    stopMailWorker();
    await closeDatabase().catch((err: unknown) => log.warn({ err }, 'closing the database failed'));
    await closeReplica().catch((err: unknown) => log.warn({ err }, 'closing the read replica failed'));
    log.info({ timedOut }, 'stopped');
    process.exit(timedOut ? 1 : 0);
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => { void shutdown(signal); });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, listenHost, () => resolve());
  });
  log.info({ port, host: listenHost ?? 'all interfaces', shutdownTimeoutSeconds: timeoutMs / 1000 }, 'serving');
}

process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled promise rejection'));

main().catch((err: unknown) => {
  log.error({ err }, 'server failed to start');
  process.exit(1);
});
