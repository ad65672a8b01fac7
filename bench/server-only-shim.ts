/**
 * Imported first by the benchmarks that load lib/dal or lib/services: those modules import
 * `server-only`, which throws outside a React Server environment. A benchmark is a server, so the
 * package is replaced by an empty module in the require cache before any of them loads (they are
 * imported dynamically, after this has run).
 */
import Module from 'node:module';

const requireCjs = Module.createRequire(__filename);
requireCjs.cache[requireCjs.resolve('server-only')] = { exports: {} } as NodeJS.Module;
