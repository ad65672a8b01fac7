/**
 * Migrate (always) and seed the demo (on an empty database, unless DEMO_SEED=off or --no-seed).
 * Used by `npm start`, `npm run dev` and `npm run db:migrate`.
 */
import { getDatabase } from '../db/client';
import { migrate } from '../db/migrate';
import { seedDemo } from '../db/seed/seed-demo';
import { env } from '../lib/env';

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
