/**
 * deploy/.env.example must name every environment variable the application and its commands
 * read (process.env.X in app/, lib/, db/, scripts/, instrumentation.ts, proxy.ts, next.config.js,
 * and every key of lib/env.ts's schema), so an operator never has to read the code to find one.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
/** Set by Next itself, not by an operator. */
const NOT_SETTINGS = new Set(['NEXT_RUNTIME', 'NEXT_PHASE']);

function sources(p: string): string[] {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [full];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((e) => {
    const child = path.join(p, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name.startsWith('.') ? [] : sources(child);
    return /\.(ts|tsx|js|mjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path.join(root, child)] : [];
  });
}

function variablesReadByCode(): Set<string> {
  const names = new Set<string>();
  for (const file of ['app', 'lib', 'db', 'scripts', 'instrumentation.ts', 'proxy.ts', 'next.config.js'].flatMap(sources)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\])/g)) names.add(m[1] ?? m[2] ?? '');
  }
  const envTs = fs.readFileSync(path.join(root, 'lib', 'env.ts'), 'utf8');
  const schema = /z\.object\(\{([\s\S]*?)\n\}\)/.exec(envTs)?.[1] ?? '';
  for (const m of schema.matchAll(/^\s+([A-Z][A-Z0-9_]*):/gm)) if (m[1]) names.add(m[1]);
  for (const n of NOT_SETTINGS) names.delete(n);
  names.delete('');
  return names;
}

describe('deploy/.env.example', () => {
  const example = fs.readFileSync(path.join(root, 'deploy', '.env.example'), 'utf8');
  const named = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));

  it('names every variable the code reads', () => {
    const read = variablesReadByCode();
    expect(read.size).toBeGreaterThan(15);
    expect([...read].filter((n) => !named.has(n)).sort()).toEqual([]);
  });

  it('can be read by sh as docs/operations.md does (values with spaces quoted)', () => {
    const r = spawnSync('sh', ['-c', 'set -a; . deploy/.env.example; set +a; printf %s "$DEMO_SEED|$NEXTAUTH_URL"'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('off|https://registry.example.org');
  });

  it('finds variables both ways they are read (the scan can fail)', () => {
    const read = variablesReadByCode();
    for (const n of ['DATABASE_URL', 'NEXTAUTH_SECRET', 'SESSION_IDLE_MINUTES', 'CLL_APP_PASSWORD']) expect(read.has(n), n).toBe(true);
    expect(named.has('NOT_A_SETTING_ANYWHERE')).toBe(false);
  });
});
