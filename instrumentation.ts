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
  }
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
