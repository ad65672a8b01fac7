/**
 * Drift check: every action and table name the code writes to audit_log (recordEvent calls, the
 * access-denial helper, the database triggers) must be offered by the audit viewer's filters.
 * Parses the sources with the TypeScript compiler, so formatting and ternaries do not hide a value.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_EVENT_ACTIONS, AUDIT_TABLES, TRIGGER_TABLES } from './audit-vocabulary';

const ROOT = path.resolve(__dirname, '../../..');
const SKIP = new Set(['node_modules', 'test-results', 'bench', 'e2e']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (d.name.startsWith('.') || SKIP.has(d.name)) return [];
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(d.name) && !/\.(test|spec)\.tsx?$/.test(d.name) ? [full] : [];
  });
}

/** String literals anywhere inside an expression (covers `a ? 'x' : 'y'` and lookup tables). */
function literals(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  return node.getChildren().flatMap(literals);
}

function written(): { actions: Set<string>; tables: Set<string>; calls: number } {
  const actions = new Set<string>();
  const tables = new Set<string>();
  let calls = 0;
  for (const file of ['lib', 'app', 'components', 'db', 'scripts'].flatMap((d) => sourceFiles(path.join(ROOT, d)))) {
    const text = readFileSync(file, 'utf8');
    if (!/recordEvent\(|recordDenial\(|deniedAsNotFound\(/.test(text)) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    // `const base = { action: ... }; recordEvent(tx, { ...base, field })`: follow spreads to their object.
    const objects = new Map<string, ts.ObjectLiteralExpression>();
    const collect = (node: ts.Node) => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
        let init: ts.Expression = node.initializer;
        while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
        if (ts.isObjectLiteralExpression(init)) objects.set(node.name.text, init);
      }
      ts.forEachChild(node, collect);
    };
    collect(sf);
    const props = (obj: ts.ObjectLiteralExpression): ts.PropertyAssignment[] => obj.properties.flatMap((p) => {
      if (ts.isPropertyAssignment(p)) return [p];
      if (ts.isSpreadAssignment(p) && ts.isIdentifier(p.expression)) {
        const target = objects.get(p.expression.text);
        return target ? props(target) : [];
      }
      return [];
    });
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
        const fn = node.expression.text;
        const obj = node.arguments.find(ts.isObjectLiteralExpression);
        if (obj && ['recordEvent', 'recordDenial', 'deniedAsNotFound'].includes(fn)) {
          if (fn === 'recordEvent') calls++;
          for (const prop of props(obj)) {
            if (!ts.isIdentifier(prop.name)) continue;
            // recordDenial's `action` is the attempted permission, not an audit action.
            if (fn === 'recordEvent' && prop.name.text === 'action') literals(prop.initializer).forEach((a) => actions.add(a));
            if ((fn === 'recordEvent' && prop.name.text === 'tableName') || (fn !== 'recordEvent' && prop.name.text === 'table')) {
              literals(prop.initializer).forEach((t) => tables.add(t));
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { actions, tables, calls };
}

describe('audit vocabulary (the audit viewer offers every action and table written)', () => {
  const found = written();

  it('finds the writers (the scan itself works)', () => {
    expect(found.calls).toBeGreaterThan(15);
    for (const a of ['form_signed', 'access_denied', 'dashboard_csv_export', 'login_throttled']) expect(found.actions).toContain(a);
    expect(found.tables).toContain('dashboard');
  });

  it('every action passed to recordEvent is an offered event action', () => {
    const missing = [...found.actions].filter((a) => !(AUDIT_EVENT_ACTIONS as readonly string[]).includes(a));
    expect(missing).toEqual([]);
  });

  it('every listed event action is really written somewhere (no dead filter entries)', () => {
    expect(AUDIT_EVENT_ACTIONS.filter((a) => !found.actions.has(a))).toEqual([]);
  });

  it('every table an event is filed under, and every form table (sign/unlock), is offered', () => {
    const missing = [...found.tables].filter((t) => !(AUDIT_TABLES as readonly string[]).includes(t));
    expect(missing).toEqual([]);
  });

  it('matches the database triggers: their tables and the actions they write', () => {
    const sql = readdirSync(path.join(ROOT, 'db/migrations')).filter((f) => f.endsWith('.sql')).sort()
      .map((f) => readFileSync(path.join(ROOT, 'db/migrations', f), 'utf8')).join('\n');
    // Every migration's trigger loop: later ones add tables (0014: the course's repeating records).
    const loops = [...sql.matchAll(/FOREACH t IN ARRAY ARRAY\[([^\]]+)\]/g)].map((m) => m[1] ?? '');
    const triggerTables = [...new Set(loops.flatMap((l) => [...l.matchAll(/'([a-z_]+)'/g)].map((m) => m[1])))];
    expect(triggerTables.length).toBeGreaterThan(0);
    expect([...TRIGGER_TABLES].sort()).toEqual([...triggerTables].sort());
    for (const op of ['insert', 'update']) expect(AUDIT_ACTIONS).toContain(op);
  });
});
