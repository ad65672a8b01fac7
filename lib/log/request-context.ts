/**
 * Per-request context for log lines: the request id (set by scripts/server.ts, which wraps every
 * request) and, once the session is resolved, the user id. Kept on globalThis under a registered
 * symbol because the server script and Next's bundled app each load their own copy of this module:
 * both must see the same store. Outside a request (startup, scripts) there is no store.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  requestId: string;
  userId?: number;
}

const KEY = Symbol.for('cll-registry.request-context');
const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>;

export const requestContext: AsyncLocalStorage<RequestContext> = (holder[KEY] ??= new AsyncLocalStorage<RequestContext>());

/** Notes who is making the current request (an id only: never an e-mail or a name). */
export function noteRequestUser(userId: number): void {
  const store = requestContext.getStore();
  if (store) store.userId = userId;
}
