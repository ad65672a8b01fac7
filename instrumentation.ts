/** Runs once when a server instance starts: refuse to start without an auth secret (fail closed). */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { authSecret } = await import('./lib/env');
    try {
      authSecret();
    } catch (err) {
      console.error(`[startup] ${(err as Error).message}`);
      process.exit(1);
    }
  }
}
