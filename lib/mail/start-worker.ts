/**
 * Starts this instance's mail worker (instrumentation.ts, Node runtime, not during `next build`):
 * every MAIL_POLL_SECONDS it delivers due outbox rows and runs the daily digest when due. All state
 * is in the database, so any number of instances can run it side by side. A failing round (database
 * down, bad settings) is logged and retried on the next tick; it never stops the server.
 */
import { getDb } from '@/db/client';
import { log } from '@/lib/log/logger';
import { mailConfig } from './config';
import { runDigestIfDue } from './digest';
import { folderTransport, smtpTransport, type MailTransport } from './transport';
import { deliverDueMail } from './worker';

const state = globalThis as unknown as { __cllMailWorker?: { stop(): void } };

export function startMailWorker(): void {
  if (state.__cllMailWorker) return;
  const config = mailConfig();
  const transport: MailTransport = config.SMTP_URL ? smtpTransport(config.SMTP_URL) : folderTransport(config.MAIL_DIR);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      const db = await getDb();
      await runDigestIfDue(db, config.MAIL_DIGEST_HOUR_UTC);
      // Drain: keep going while full batches come back, then wait for the next tick.
      for (let round = 0; round < 50; round++) {
        const r = await deliverDueMail(db, transport, config.MAIL_FROM);
        if (r.sent + r.failed === 0 || r.failed > 0) break;
      }
    } catch (err) {
      log.error({ err }, 'mail worker round failed; retrying on the next tick');
    }
    if (!stopped) timer = setTimeout(() => void tick(), config.MAIL_POLL_SECONDS * 1000).unref();
  };
  timer = setTimeout(() => void tick(), 1000).unref();
  state.__cllMailWorker = {
    stop() { stopped = true; if (timer) clearTimeout(timer); transport.close(); },
  };
  log.info(config.SMTP_URL ? { smtp: true } : { mailDir: config.MAIL_DIR }, config.SMTP_URL
    ? 'mail worker started (SMTP)' : 'mail worker started: SMTP_URL not set, mails are written to MAIL_DIR');
}

export function stopMailWorker(): void {
  state.__cllMailWorker?.stop();
  state.__cllMailWorker = undefined;
}
