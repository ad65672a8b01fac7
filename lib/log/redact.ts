/**
 * What never reaches a log line: e-mail addresses, names, passwords, cookies, patient fields.
 * Keys are dropped wherever they appear (any depth), e-mail-shaped text inside any string is
 * masked (a database error can quote a duplicate e-mail), and a database error's `detail`
 * (it quotes row values) is dropped. Pure, so unit-testable without a logger.
 */
const DROPPED_KEYS = new Set([
  'email', 'e-mail', 'mail', 'name', 'displayname', 'firstname', 'lastname', 'fullname', 'username',
  'password', 'passwordhash', 'newpassword', 'secret', 'token', 'cookie', 'cookies', 'authorization', 'set-cookie',
  'detail', 'birthyear', 'birthdate', 'dateofbirth', 'sex', 'initials', 'body', 'input', 'values', 'row', 'rows',
]);

const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
export const REDACTED = '[redacted]';

export function maskText(text: string): string {
  return text.replace(EMAIL_RE, '[email]');
}

function isDropped(key: string): boolean {
  return DROPPED_KEYS.has(key.toLowerCase().replace(/[_\s]/g, ''));
}

export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return maskText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return serializeError(value);
  if (depth > 8 || seen.has(value)) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isDropped(k) ? REDACTED : redact(v, depth + 1, seen);
  return out;
}

/** An Error as a log field: type, message, stack, code (e-mails masked; `detail` and friends dropped). */
export function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: maskText(String(err)) };
  const extra: Record<string, unknown> = {};
  for (const key of ['code', 'digest', 'constraint', 'table', 'routine'] as const) {
    const v = (err as unknown as Record<string, unknown>)[key];
    if (typeof v === 'string' || typeof v === 'number') extra[key] = v;
  }
  const cause = err.cause === undefined ? undefined : serializeError(err.cause);
  return {
    type: err.name, message: maskText(err.message), ...extra,
    ...(err.stack ? { stack: maskText(err.stack) } : {}),
    ...(cause ? { cause } : {}),
  };
}
