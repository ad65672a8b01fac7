/**
 * Builds the survival CLI (scripts/survival-cli.ts with lib/survival and its @stdlib functions) into
 * one plain JavaScript file, .data/build/survival-cli.cjs, so that it starts with `node` alone:
 * through tsx, compiling TypeScript at every start cost 0.6–2 s before the first byte was read.
 *
 *   node scripts/build-survival-cli.mjs     (npm run build:cli) builds now
 *   import { ensureBuilt } from './build-survival-cli.mjs'   builds only when needed (scripts/survival.mjs)
 *
 * Plain JavaScript itself, so node runs it without a compile step. "Needed" = the bundle or its
 * input list is missing, or any input file (every project file esbuild read, and npm's record of
 * the installed packages, listed with size and mtime in survival-cli.inputs.json) differs: about
 * 25 stat calls, under a millisecond (all 337 files esbuild reads took 4–8 ms).
 * esbuild is a dependency of tsx, so it is there in production installs too; it is loaded only
 * when building. Writes go to temporary files renamed into place, so two CLIs starting at once
 * never run a half-written bundle.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = 'scripts/survival-cli.ts';
/** SURVIVAL_CLI_BUILD_DIR: where the bundle goes instead (tests build into a temporary directory). */
export const OUT_DIR = path.resolve(ROOT, process.env.SURVIVAL_CLI_BUILD_DIR || path.join('.data', 'build'));
export const OUT = path.join(OUT_DIR, 'survival-cli.cjs');
export const INPUTS = path.join(OUT_DIR, 'survival-cli.inputs.json');
const NPM_STATE = 'node_modules/.package-lock.json';

/** size:mtime of a file, or null when it is gone. */
function stamp(file) {
  try {
    const s = fs.statSync(path.join(ROOT, file));
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
}

/** True when the bundle is missing or any file it was built from has changed since. */
export function isStale() {
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(INPUTS, 'utf8'));
    if (!fs.existsSync(OUT)) return true;
  } catch {
    return true;
  }
  for (const [file, was] of Object.entries(inputs)) if (stamp(file) !== was) return true;
  return false;
}

/** Bundles the CLI; returns the bundle's path. Throws esbuild's error when the sources do not compile. */
export function build() {
  const esbuild = createRequire(import.meta.url)('esbuild');
  const result = esbuild.buildSync({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: OUT,
    write: false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  // Stamps are taken of what esbuild read; an edit while it ran makes the next start rebuild.
  // Packages count as one file: npm rewrites node_modules/.package-lock.json whenever it changes them.
  const files = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  files.push(NPM_STATE);
  const inputs = Object.fromEntries(files.sort().map((f) => [f, stamp(f)]));
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const tmp = `.${process.pid}.tmp`;
  const js = result.outputFiles.find((f) => f.path === OUT);
  if (!js) throw new Error(`esbuild wrote no ${OUT}`);
  fs.writeFileSync(OUT + tmp, js.contents);
  fs.writeFileSync(INPUTS + tmp, `${JSON.stringify(inputs, null, 1)}\n`);
  fs.renameSync(OUT + tmp, OUT);
  fs.renameSync(INPUTS + tmp, INPUTS);
  return OUT;
}

/** The bundle's path, built first when missing or stale. */
export function ensureBuilt() {
  return isStale() ? build() : OUT;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    build();
    console.log(`survival CLI built: ${path.relative(process.cwd(), OUT)}`);
  } catch (e) {
    console.error(`survival CLI build failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
