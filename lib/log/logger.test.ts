import { describe, expect, it } from 'vitest';
import { createLogger, logLevelFrom } from './logger';
import { maskText, redact, serializeError } from './redact';
import { requestContext } from './request-context';

function capture(level: Parameters<typeof createLogger>[0] extends infer O ? O extends { level?: infer L } ? L : never : never = 'info') {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level, destination: { write: (s: string) => { for (const l of s.split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>); } } });
  return { logger, lines };
}

describe('log lines', () => {
  it('are one JSON object with ISO time, level label, msg, and the request and user ids of the current request', () => {
    const { logger, lines } = capture();
    requestContext.run({ requestId: 'req-123abc' }, () => {
      const store = requestContext.getStore();
      if (store) store.userId = 42;
      logger.info({ route: '/patients', status: 200 }, 'request');
    });
    logger.info('outside a request');
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'request', requestId: 'req-123abc', userId: 42, route: '/patients', status: 200 });
    expect(String(lines[0]?.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(lines[1]).not.toHaveProperty('requestId');
  });

  it('never carry e-mails, names, passwords or patient fields, at any depth', () => {
    const { logger, lines } = capture();
    logger.info({
      email: 'ann@hospital.org', displayName: 'Ann Smith', user: { id: 7, email: 'ann@hospital.org', display_name: 'Ann' },
      password: 'hunter22', details: [{ birthYear: 1950, sex: 'female', newPassword: 'x' }], note: 'sent to bob@clinic.example.com',
      headers: { cookie: 'next-auth.session-token=abc', Authorization: 'Bearer x' },
    }, 'login by carol@x.org');
    const text = JSON.stringify(lines[0]);
    for (const secret of ['ann@hospital.org', 'Ann Smith', '"Ann"', 'hunter22', '1950', 'female', 'bob@clinic', 'carol@x.org', 'session-token', 'Bearer']) {
      expect(text).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({ email: '[redacted]', user: { id: 7, email: '[redacted]' }, note: 'sent to [email]', msg: 'login by [email]' });
  });

  it('an error keeps type, message, stack and code, masks e-mails and drops the database detail', () => {
    const { logger, lines } = capture();
    const err = Object.assign(new Error('duplicate key for dan@x.org'), { code: '23505', detail: 'Key (lower(email))=(dan@x.org) already exists.' });
    logger.error({ err }, 'query failed');
    expect(lines[0]).toMatchObject({ level: 'error', err: { type: 'Error', message: 'duplicate key for [email]', code: '23505' } });
    expect(JSON.stringify(lines[0])).not.toContain('dan@x.org');
    expect(JSON.stringify(lines[0])).not.toContain('already exists');
    expect(serializeError('plain string')).toEqual({ message: 'plain string' });
  });

  it('LOG_LEVEL: debug/info/warn/error (any case), default info; unknown values fall back to info and are named', () => {
    expect(logLevelFrom(undefined)).toEqual({ level: 'info' });
    expect(logLevelFrom('WARN')).toEqual({ level: 'warn' });
    expect(logLevelFrom('verbose')).toEqual({ level: 'info', invalid: 'verbose' });
    const { logger, lines } = capture('warn');
    logger.info('hidden');
    logger.debug('hidden');
    logger.warn('shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });

  it('redact handles cycles and leaves plain values alone', () => {
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    expect(redact(a)).toEqual({ n: 1, self: '[…]' });
    expect(maskText('no address here')).toBe('no address here');
  });
});
