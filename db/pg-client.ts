/**
 * One PostgreSQL connection for scripts, benchmarks and tests (the app itself uses the pool in
 * db/client.ts).
 *
 * Why not a bare `new pg.Client()`: when the server ends a connection between two queries
 * (PostgreSQL restarting, `pg_terminate_backend`, an administrator's shutdown), pg emits 'error' on
 * the Client, and an 'error' event without a listener kills the Node process. That is how the
 * resilience run died once while it restarted PostgreSQL on purpose. Here the error is logged and
 * kept: the next query on the client fails with it instead, where the caller's try/catch sees it.
 */
import pg from 'pg';

export interface ConnectOptions {
  /** Give up connecting after this many milliseconds (pg's own option). */
  connectionTimeoutMillis?: number;
  /** Who is speaking in the log line, e.g. "resilience monitor". */
  label?: string;
  /** Called instead of the default console.error when the server drops the connection. */
  onError?: (err: Error) => void;
}

/** A pg.Client that survives the server dropping it; connected on return (or the connect error thrown). */
export async function connectClient(connectionString: string, opts: ConnectOptions = {}): Promise<pg.Client> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: opts.connectionTimeoutMillis });
  client.on('error', opts.onError ?? ((err: Error) => {
    console.error(`[${opts.label ?? 'db'}] connection dropped by the server: ${err.message}`);
  }));
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  return client;
}
