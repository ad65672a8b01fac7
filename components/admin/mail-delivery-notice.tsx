import 'server-only';
import { mailDeliveryNotice } from '@/lib/mail/config';

/** Says where invitations and other mails go when SMTP_URL is not set (the demo writes .eml files). */
export function MailDeliveryNotice() {
  const notice = mailDeliveryNotice();
  if (notice.configured) return null;
  return (
    <p className="notice" role="note" data-testid="mail-not-configured">
      E-mail is not configured: messages are written to <code>{notice.folder}</code> (set <code>SMTP_URL</code> to send them).
    </p>
  );
}
