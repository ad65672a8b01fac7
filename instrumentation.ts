import type { Instrumentation } from 'next';
/** Runs once when a server instance starts: refuse to start without an auth secret (fail closed). */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { authSecret, env } = await import('./lib/env');
    const { installClientIpHook } = await import('./lib/http/client-ip');
    try {
      authSecret();
      // Client addresses for login throttling: X-Forwarded-For only from TRUSTED_PROXIES (a wrong entry stops the start).
      installClientIpHook(env().TRUSTED_PROXIES);
    } catch (err) {
      console.error(`[startup] ${(err as Error).message}`);
      process.exit(1);
    }
    // A fresh production database (DEMO_SEED=off) has no account yet: say once how to create the
    // first one. Not awaited, so a slow database does not hold up the start; skipped by `next build`.
    if (process.env.NEXT_PHASE !== 'phase-production-build') void startupNotices();
    // The outbox worker of this instance (lib/mail/start-worker.ts); bad mail settings stop the start.
    if (process.env.NEXT_PHASE !== 'phase-production-build') {
      const { startMailWorker } = await import('./lib/mail/start-worker');
      try {
        startMailWorker();
      } catch (err) {
        console.error(`[startup] ${(err as Error).message}`);
        process.exit(1);
      }
    }
  }
}

async function startupNotices(): Promise<void> {
  const [{ getDb }, { noAdminNotice }, { log }] = await Promise.all([
    import('./db/client'), import('./lib/dal/admins'), import('./lib/log/logger'),
  ]);
  const notice = await getDb().then(noAdminNotice).catch(() => null);
  if (notice) log.warn(notice);
}

/**
 * Every server error (render, route handler, server action), logged once as a JSON line with the
 * request id the error page shows (lib/log/request-error.ts).
 */
export async function onRequestError(...args: Parameters<Instrumentation.onRequestError>) {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { logRequestError } = await import('./lib/log/request-error');
  logRequestError(...args);
}
