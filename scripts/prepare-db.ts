/**
 * Migrate (always) and seed the demo (on an empty database, unless DEMO_SEED=off or --no-seed).
 * Used by `npm start`, `npm run dev` and `npm run db:migrate`.
 */
import { getDatabase } from '../db/client';
import { migrate } from '../db/migrate';
import { seedDemo } from '../db/seed/seed-demo';
import { env } from '../lib/env';
import { countActiveAdmins } from '../lib/dal/admins';
import type { Db } from '../db/client';

/** Printed by `npm start` on a database nobody can log in to yet (production, DEMO_SEED=off). */
export const NO_ADMIN_NOTICE =
  '[start] No active administrator yet: create one with  npm run admin:create -- --email <e-mail> --name "<name>"  (docs/admin.md).';

export async function noAdminNotice(db: Db): Promise<string | null> {
  return (await countActiveAdmins(db)) === 0 ? NO_ADMIN_NOTICE : null;
}

export async function prepareDatabase(opts: { seed: boolean }): Promise<void> {
  const database = await getDatabase();
  const where = env().DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${env().PGLITE_DATA_DIR}`;
  try {
    const result = await migrate(database);
    console.log(`[db] ${where}: ${result.applied.length} migration(s) applied, ${result.alreadyApplied} already present.`);
    if (opts.seed && env().DEMO_SEED === 'on') {
      const seeded = await seedDemo(database);
      if (seeded.seeded) {
        console.log(`[db] demo cohort seeded: ${seeded.patients} patients in 8 centres. Demo logins (shown once):`);
        for (const u of seeded.users) console.log(`       ${u.role.padEnd(12)} ${u.email.padEnd(42)} ${u.password}`);
      }
    }
    if (opts.seed) {
      const notice = await noAdminNotice(database.db);
      if (notice) console.log(notice);
    }
  } finally {
    await database.close();
  }
}

if (process.argv[1]?.endsWith('prepare-db.ts')) {
  prepareDatabase({ seed: !process.argv.includes('--no-seed') }).catch((err: unknown) => {
    console.error(`[db] ${(err as Error).message}`);
    process.exit(1);
  });
}
