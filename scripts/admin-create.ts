/**
 * `npm run admin:create -- --email <e-mail> --name "<name>" [--additional]`
 * Creates an active administrator on the configured database (DATABASE_URL, or the embedded one in
 * PGLITE_DATA_DIR), after applying pending migrations like `npm run db:migrate`. The password comes
 * from ADMIN_PASSWORD (automation) or a prompt, asked twice and not echoed.
 * Exit codes: 0 created, 1 unexpected failure (database unreachable…), 2 bad arguments or input
 * (bad e-mail, weak password, passwords differ), 3 refused (an active admin exists without
 * --additional, or the e-mail is taken). See docs/admin.md.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { getDatabase } from '@/db/client';
import { migrate } from '@/db/migrate';
import { ServiceError } from '@/lib/services/errors';
import {
  ADMIN_EXISTS_MESSAGE, cliActorLabel, countActiveAdmins, createAdminFromCli,
} from '@/lib/services/users/create-admin-from-cli';
import { cliAdminSchema } from '@/lib/validation/admin';
import { closePasswordInput, readPassword } from './read-password';

const USAGE = 'usage: npm run admin:create -- --email <e-mail> --name "<name>" [--additional]\n'
  + '       password from ADMIN_PASSWORD, or asked twice (not echoed)';

export const EXIT = { ok: 0, failure: 1, usage: 2, refused: 3 } as const;

class Exit extends Error {
  constructor(message: string, readonly code: number) { super(message); }
}

function args() {
  try {
    const { values } = parseArgs({
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        additional: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) throw new Exit(USAGE, EXIT.ok);
    if (!values.email || !values.name) throw new Exit(`--email and --name are required\n${USAGE}`, EXIT.usage);
    return { email: values.email, name: values.name, additional: values.additional };
  } catch (err) {
    if (err instanceof Exit) throw err;
    throw new Exit(`${(err as Error).message}\n${USAGE}`, EXIT.usage);
  }
}

async function password(): Promise<string> {
  const fromEnv = process.env.ADMIN_PASSWORD;
  if (fromEnv !== undefined) return fromEnv;
  try {
    const first = await readPassword('Password for the new administrator: ');
    // Check the rule before asking again, so a too-short password is not typed twice for nothing.
    const rule = cliAdminSchema.shape.password.safeParse(first);
    if (!rule.success) throw new Exit(rule.error.issues.map((i) => i.message).join(' '), EXIT.usage);
    const again = await readPassword('Repeat the password: ');
    if (again !== first) throw new Exit('The two passwords differ: nothing was created.', EXIT.usage);
    return first;
  } finally {
    closePasswordInput();
  }
}

async function main(): Promise<number> {
  const a = args();
  // Check e-mail and name before opening the database or asking for a password.
  const shape = cliAdminSchema.shape;
  for (const [label, check] of [['--email', shape.email.safeParse(a.email)], ['--name', shape.displayName.safeParse(a.name)]] as const) {
    if (!check.success) throw new Exit(`${label}: ${check.error.issues.map((i) => i.message).join(' ')}`, EXIT.usage);
  }
  const database = await getDatabase();
  try {
    const result = await migrate(database);
    if (result.applied.length) console.log(`[db] ${result.applied.length} migration(s) applied.`);
    // Asked again inside the creating transaction; checked here so nobody types a password for nothing.
    if (!a.additional && (await countActiveAdmins(database.db)) > 0) throw new Exit(ADMIN_EXISTS_MESSAGE, EXIT.refused);
    const pw = await password();
    const created = await createAdminFromCli(database.db, {
      email: a.email, displayName: a.name, password: pw, additional: a.additional,
      actorLabel: cliActorLabel('admin:create', os.userInfo().username),
    });
    console.log(`[admin:create] administrator ${created.email} created (user id ${created.id}); log in at /login.`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof ServiceError) throw new Exit(err.message, err.code === 'conflict' ? EXIT.refused : EXIT.usage);
    throw err;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof Exit) {
      (err.code === EXIT.ok ? console.log : console.error)(err.code === EXIT.ok ? err.message : `[admin:create] ${err.message}`);
      process.exit(err.code);
    }
    console.error(`[admin:create] failed: ${(err as Error).message}`);
    process.exit(EXIT.failure);
  },
);
