import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from db/schema.ts. They are applied by db/migrate.ts (under an advisory
// lock), never by drizzle-kit push, so PGlite and PostgreSQL run the very same files.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
});
