/**
 * The request id that ties an access line, an error line and the error page together. An incoming
 * X-Request-Id (nginx's $request_id, another proxy's) is kept only if it looks like an id (8-128
 * characters of [A-Za-z0-9._:-]), so a client cannot inject text or forge a long header into the
 * logs; otherwise a random UUID is made. Runs in Node and in the proxy (Web Crypto only).
 */
export const REQUEST_ID_HEADER = 'x-request-id';

const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function isSafeRequestId(value: string | null | undefined): value is string {
  return typeof value === 'string' && SAFE_ID.test(value);
}

export function requestIdFrom(incoming: string | string[] | null | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return isSafeRequestId(value) ? value : crypto.randomUUID();
}
