/**
 * How a claimed mail leaves the registry: through SMTP (nodemailer, SMTP_URL), or, without SMTP_URL,
 * as an .eml file in MAIL_DIR (the demo). Both build the same RFC 5322 message with nodemailer.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
}

export interface MailTransport {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** SMTP with short timeouts: a hanging server must not hold a claimed batch for long (the lease). */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url, {
    connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000,
  });
  return {
    async send(message) { await transporter.sendMail(message); },
    close() { transporter.close(); },
  };
}

/** Each mail as `<time>-<random>.eml` in `dir` (created when missing). */
export function folderTransport(dir: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await transporter.sendMail(message);
      await fs.mkdir(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      await fs.writeFile(path.join(dir, name), info.message as Buffer);
    },
    close() { transporter.close(); },
  };
}
