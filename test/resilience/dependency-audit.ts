/**
 * `npm audit --omit=dev`: no high or critical advisory in the production dependencies, except
 * those explained in docs/reliability.md (listed by advisory id or package name in ALLOWED).
 * When the registry's audit endpoint cannot be reached the check reports "not run" instead of passing.
 */
import { spawnSync } from 'node:child_process';

/** Advisories accepted after review, each explained in docs/reliability.md ("Dependency audit"). */
const ALLOWED = new Set<string>([]);

export interface AuditOutcome { ran: boolean; blocking: string[]; note: string }

export function auditDependencies(): AuditOutcome {
  const r = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', timeout: 120_000 });
  let report: { vulnerabilities?: Record<string, { severity: string; via: unknown[] }>; error?: { summary?: string }; message?: string } = {};
  try { report = JSON.parse(r.stdout || '{}') as typeof report; } catch { /* not JSON */ }
  if (!report.vulnerabilities) {
    const why = report.error?.summary || report.message || (r.stderr.trim().split('\n').at(-1) || 'no output');
    return { ran: false, blocking: [], note: `npm audit could not run here: ${why}` };
  }
  const blocking: string[] = [];
  for (const [name, v] of Object.entries(report.vulnerabilities)) {
    if (v.severity !== 'high' && v.severity !== 'critical') continue;
    const ids = v.via.map((x) => (typeof x === 'object' && x && 'url' in x ? String((x as { url: string }).url) : String(x)));
    if (ALLOWED.has(name) || ids.some((id) => ALLOWED.has(id))) continue;
    blocking.push(`${name} (${v.severity}): ${ids.join(', ')}`);
  }
  return { ran: true, blocking, note: `${Object.keys(report.vulnerabilities).length} advisories in total` };
}
