/**
 * `npm run survival -- <file.csv> --time <col> --status <col> ...`, or `node scripts/survival.mjs ...`:
 * runs the survival CLI's JavaScript bundle (.data/build/survival-cli.cjs) in this process, building
 * it first when it is missing or older than its sources (scripts/build-survival-cli.mjs). A clean
 * clone therefore needs no build step; a built one starts in node's own start-up time plus the bundle.
 * Arguments, output and exit codes: scripts/survival-cli.ts.
 */
import { createRequire } from 'node:module';
import { ensureBuilt } from './build-survival-cli.mjs';

let bundle;
try {
  bundle = ensureBuilt();
} catch (e) {
  process.stderr.write(`survival: error: cannot build the CLI (${String(e instanceof Error ? e.message : e).replace(/\s*\n\s*/g, ' ')})\n`);
  process.exit(1);
}
const { main } = createRequire(import.meta.url)(bundle);
process.exitCode = main(process.argv.slice(2));
