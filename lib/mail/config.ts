/**
 * E-mail settings, read and validated once (like lib/env.ts, kept beside the mail module so the
 * settings of one feature live together). Without SMTP_URL mails are written as .eml files to
 * MAIL_DIR: the demo works without a mail server and the admin page says where the mails went.
 */
import path from 'node:path';
import { z } from 'zod';

const optionalUrl = z.string().trim().transform((s) => (s === '' ? undefined : s)).optional()
  .refine((s) => s === undefined || /^smtps?:\/\//.test(s), 'must start with smtp:// or smtps://');

const schema = z.object({
  SMTP_URL: optionalUrl,
  MAIL_FROM: z.string().trim().min(3).default('CLL Registry <no-reply@localhost>'),
  MAIL_DIR: z.string().min(1).default(path.join('.data', 'mail')),
  /** How often each instance's worker looks for due mail. */
  MAIL_POLL_SECONDS: z.coerce.number().positive().max(3600).default(5),
  /** Hour (UTC) at which the daily query digest is sent. */
  MAIL_DIGEST_HOUR_UTC: z.coerce.number().int().min(0).max(23).default(7),
  NEXTAUTH_URL: z.string().url().optional(),
  PORT: z.string().optional(),
});

export type MailConfig = z.infer<typeof schema>;
let cached: MailConfig | undefined;

export function mailConfig(): MailConfig {
  if (!cached) {
    const parsed = schema.safeParse({
      SMTP_URL: process.env.SMTP_URL,
      MAIL_FROM: process.env.MAIL_FROM,
      MAIL_DIR: process.env.MAIL_DIR,
      MAIL_POLL_SECONDS: process.env.MAIL_POLL_SECONDS,
      MAIL_DIGEST_HOUR_UTC: process.env.MAIL_DIGEST_HOUR_UTC,
      NEXTAUTH_URL: process.env.NEXTAUTH_URL,
      PORT: process.env.PORT,
    });
    if (!parsed.success) {
      throw new Error(`Invalid e-mail settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** For tests that change the settings between cases. */
export function resetMailConfigForTests(): void {
  cached = undefined;
}

/** An absolute link into the registry, built on the public URL (NEXTAUTH_URL) as users reach it. */
export function appLink(pathAndQuery: string): string {
  const c = mailConfig();
  const base = c.NEXTAUTH_URL ?? `http://localhost:${c.PORT ?? '3000'}`;
  return new URL(pathAndQuery, base.endsWith('/') ? base : `${base}/`).toString();
}

/** What the admin page says about delivery ("e-mail is not configured: messages are written to …"). */
export function mailDeliveryNotice(): { configured: boolean; folder: string | null } {
  const c = mailConfig();
  return c.SMTP_URL ? { configured: true, folder: null } : { configured: false, folder: path.resolve(c.MAIL_DIR) };
}
