/**
 * The SMTP server of the end-to-end tests (a Playwright webServer entry): a real SMTP server
 * (smtp-server) on E2E_SMTP_PORT (default 3218) that writes every mail it accepts, parsed by
 * mailparser, as `<n>.json` ({ to, subject, text }) into E2E_MAIL_DIR (default `<E2E_DATA_DIR>-mail`,
 * emptied at start). e2e/email.spec.ts reads the mails from there and opens their links.
 */
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const port = Number(process.env.E2E_SMTP_PORT ?? 3218);
const dir = path.resolve(process.env.E2E_MAIL_DIR ?? `${process.env.E2E_DATA_DIR ?? path.join('.data', 'e2e')}-mail`);
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
let n = 0;

const server = new SMTPServer({
  authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream).then((mail) => {
      const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : mail.to?.text ?? '';
      const file = path.join(dir, `${String(++n).padStart(4, '0')}.json`);
      fs.writeFileSync(file, JSON.stringify({ to, subject: mail.subject ?? '', text: mail.text ?? '' }, null, 2));
      callback();
    }, (err: Error) => callback(err));
  },
});
server.listen(port, '127.0.0.1', () => console.log(`e2e SMTP server on 127.0.0.1:${port}, mails in ${dir}`));
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => server.close(() => process.exit(0)));
