/**
 * The one logger: JSON lines on stdout (pino), one object per line with time (ISO 8601 UTC),
 * level, msg, the request id and user id of the request being served (request-context.ts), and
 * whatever fields the call adds, after redact.ts has removed e-mails, names, passwords and patient
 * fields. LOG_LEVEL: debug | info | warn | error (default info).
 * Call as log.info({ fields }, 'message') or log.error({ err }, 'message').
 * Bundling: pino is on Next 16's built-in serverExternalPackages list, so the app loads it from
 * node_modules like the server script does; no transport (worker thread) is used, lines go to fd 1
 * synchronously, so nothing is lost when the process exits right after logging.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import { maskText, redact, serializeError } from './redact';
import { requestContext } from './request-context';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** LOG_LEVEL, or info; an unknown value is reported once and ignored rather than stopping the server. */
export function logLevelFrom(raw: string | undefined): { level: LogLevel; invalid?: string } {
  if (raw === undefined || raw === '') return { level: 'info' };
  const v = raw.trim().toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(v) ? { level: v as LogLevel } : { level: 'info', invalid: raw };
}

export function createLogger(opts: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  return pino({
    level: opts.level ?? 'info',
    base: { pid: process.pid },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (obj) => redact(obj) as Record<string, unknown>,
    },
    // formatters.log (redact) has usually turned an Error into a plain object by now.
    serializers: { err: (e: unknown) => (e instanceof Error ? serializeError(e) : e) },
    // The message string is not seen by formatters.log: mask e-mails in it here.
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a: unknown) => (typeof a === 'string' ? maskText(a) : a)) as typeof args;
        method.apply(this, masked);
      },
    },
    mixin() {
      const ctx = requestContext.getStore();
      if (!ctx) return {};
      return ctx.userId === undefined ? { requestId: ctx.requestId } : { requestId: ctx.requestId, userId: ctx.userId };
    },
  }, opts.destination ?? pino.destination({ dest: 1, sync: true }));
}

const KEY = Symbol.for('cll-registry.logger');
const holder = globalThis as unknown as Record<symbol, Logger | undefined>;

function processLogger(): Logger {
  let logger = holder[KEY];
  if (!logger) {
    const { level, invalid } = logLevelFrom(process.env.LOG_LEVEL);
    logger = createLogger({ level });
    holder[KEY] = logger;
    if (invalid) logger.warn({ value: invalid }, 'LOG_LEVEL is not one of debug, info, warn, error: using info');
  }
  return logger;
}

/** The process-wide logger (one per process, shared by the server script and the app bundle). */
export const log: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'> = {
  debug: (...args: Parameters<Logger['debug']>) => processLogger().debug(...args),
  info: (...args: Parameters<Logger['info']>) => processLogger().info(...args),
  warn: (...args: Parameters<Logger['warn']>) => processLogger().warn(...args),
  error: (...args: Parameters<Logger['error']>) => processLogger().error(...args),
};
