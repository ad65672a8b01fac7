/**
 * The load driver: N simulated investigators, each logged in on one instance and saving the
 * response CRF of their own patient through both instances (cookies shared), as fast as the server
 * answers, for a given duration. Every save changes a value and carries a unique reason, so each
 * acknowledged save can be found in the audit trail afterwards. Failed saves are retried with the
 * same idempotency key (a save that committed before the failure is then acknowledged once).
 */
import bcrypt from 'bcryptjs';
import { connectClient } from '../../db/pg-client';
import { NextClient, type ActionRef } from './next-client';
import type { Cluster } from './instances';

export interface LoadUser { id: number; email: string; centreId: number; patientCode: string; patientId: number }
export const LOAD_PASSWORD = 'load-test-password-1';

/** Creates `n` investigators spread over the demo centres, each with one new patient (no CRFs yet). */
export async function createLoadUsers(cluster: Cluster, n: number, tag: string): Promise<LoadUser[]> {
  const c = await connectClient(cluster.url, { label: 'resilience load' });
  try {
    const hash = await bcrypt.hash(LOAD_PASSWORD, 12);
    // Each new patient takes its centre's next free number: several calls in one run (the load users,
    // then the shutdown phase's) must never pick a code that exists (a fixed range per tag could).
    const centres = (await c.query<{ id: number; code: string; next: number }>(
      'SELECT c.id, c.code, coalesce(max(p.seq), 0)::int + 1 AS next FROM centres c LEFT JOIN patients p ON p.centre_id = c.id WHERE c.active GROUP BY c.id, c.code ORDER BY c.code')).rows;
    const out: LoadUser[] = [];
    await c.query('BEGIN');
    await c.query("SELECT set_config('app.actor_id', 'system', true), set_config('app.actor_label', 'resilience setup', true), set_config('app.reason', 'load test patients', true)");
    for (let i = 0; i < n; i++) {
      const centre = centres[i % centres.length];
      if (!centre) throw new Error('no centres');
      const email = `load.${tag}.${i}@test.cll-registry.org`;
      const u = await c.query<{ id: number }>(
        "INSERT INTO users (email, display_name, role, centre_id, password_hash) VALUES ($1, $2, 'investigator', $3, $4) RETURNING id",
        [email, `Load ${i}`, centre.id, hash]);
      const seq = centre.next++;
      const code = `${centre.code}-${String(seq).padStart(3, '0')}`;
      const p = await c.query<{ id: number }>(
        "INSERT INTO patients (code, centre_id, seq, sex, birth_year, created_by) VALUES ($1, $2, $3, 'female', 1950, $4) RETURNING id",
        [code, centre.id, seq, u.rows[0]?.id]);
      out.push({ id: u.rows[0]?.id ?? 0, email, centreId: centre.id, patientCode: code, patientId: p.rows[0]?.id ?? 0 });
    }
    await c.query('COMMIT');
    return out;
  } finally {
    await c.end();
  }
}

export interface SaveOutcome { kind: 'ok' | 'conflict' | 'refused' | 'error'; status: number; version?: number; message?: string; stack?: boolean }

/** One save of the response form; `via` picks the instance. */
export type Saver = (user: LoadUser, via: number, input: Record<string, unknown>) => Promise<SaveOutcome>;

const STACK_RE = /\n\s+at .+\(.+:\d+:\d+\)|node_modules\//;

export function httpSaver(clients: Map<number, NextClient[]>, ref: ActionRef): Saver {
  return async (user, via, input) => {
    const list = clients.get(user.id);
    const client = list?.[via % (list.length || 1)];
    if (!client) throw new Error('no client');
    try {
      const r = await client.action(ref, [input]);
      const res = r.result as { ok?: boolean; data?: { version?: number }; code?: string; message?: string; details?: { currentVersion?: number } } | undefined;
      const stack = STACK_RE.test(r.body);
      if (r.status >= 500 || !res) return { kind: 'error', status: r.status, message: r.body.slice(0, 200), stack };
      if (res.ok) return { kind: 'ok', status: r.status, version: res.data?.version };
      if (res.code === 'conflict') return { kind: 'conflict', status: r.status, version: res.details?.currentVersion, message: res.message };
      if (res.code === 'unauthenticated' || res.code === 'forbidden' || res.code === 'invalid' || res.code === 'not_found') return { kind: 'refused', status: r.status, message: `${res.code}: ${res.message}` };
      return { kind: 'error', status: r.status, message: res.message, stack };
    } catch (err) {
      return { kind: 'error', status: 0, message: (err as Error).message };
    }
  };
}

export interface Ack { userId: number; patientId: number; reason: string; version: number; at: number }

export interface LoadStats {
  /** Per user: the form version last acknowledged, and how many saves were made (runs continue both). */
  seconds: number; versions: Map<number, number | null>; counters: Map<number, number>; saves: number; acks: Ack[]; latencies: number[]; latencyAt: number[]; conflicts: number; retries: number;
  errors: { at: number; status: number; message?: string; stack?: boolean }[];
  refused: string[];
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Runs the users until `until()` says stop. Each user alternates instances per save. */
export async function runLoad(
  users: LoadUser[], save: Saver,
  opts: { seconds: number; startedAt?: number; thinkMs?: number; versions?: Map<number, number | null>; counters?: Map<number, number> },
): Promise<LoadStats> {
  const stats: LoadStats = { seconds: opts.seconds, versions: opts.versions ?? new Map(), counters: opts.counters ?? new Map(), saves: 0, acks: [], latencies: [], latencyAt: [], conflicts: 0, retries: 0, errors: [], refused: [] };
  const t0 = opts.startedAt ?? Date.now();
  const deadline = t0 + opts.seconds * 1000;
  const responses = ['CR', 'PR', 'PR-L', 'SD', 'PD', 'NE'];
  const versions = stats.versions;
  const think = opts.thinkMs ?? 0;
  await Promise.all(users.map(async (user, ui) => {
    let version: number | null = versions.get(user.id) ?? null;
    // A later run continues the numbering: every save then carries a new reason and differs from the
    // stored values (a repeated n could re-save the same values: a no-op with, rightly, no audit row).
    let n = stats.counters.get(user.id) ?? 0;
    // Users start spread over one think time, then pause 0.5–1.5 × think between saves (a person filling in forms).
    if (think > 0) await new Promise((r) => setTimeout(r, Math.random() * think));
    while (Date.now() < deadline) {
      n++;
      const reason = `load u${user.id} s${n}`;
      const input = {
        patientCode: user.patientCode, version, idempotencyKey: `load-${user.id}-${n}-${t0}`, changeReason: reason,
        bestResponse: responses[n % responses.length], assessedDate: n % 2 ? '2018-03-01' : '2018-04-01',
      };
      // Retry the same submit (same key) until it is acknowledged, refused by a rule, or time is up.
      for (let attempt = 0; ; attempt++) {
        const started = performance.now();
        const out = await save(user, ui + n + attempt, input);
        const ms = performance.now() - started;
        stats.saves++;
        if (out.kind === 'ok') {
          stats.latencies.push(ms);
          stats.latencyAt.push(Date.now() - t0);
          stats.acks.push({ userId: user.id, patientId: user.patientId, reason, version: out.version ?? -1, at: Date.now() - t0 });
          version = out.version ?? null;
          break;
        }
        if (out.kind === 'conflict') {
          // Only after a failed attempt that committed without our seeing it: re-read the version.
          stats.conflicts++;
          version = out.version ?? version;
          break;
        }
        if (out.kind === 'refused') { stats.refused.push(out.message ?? ''); break; }
        stats.errors.push({ at: Date.now() - t0, status: out.status, message: out.message, stack: out.stack });
        if (Date.now() > deadline + 30_000) break;
        stats.retries++;
        await new Promise((r) => setTimeout(r, 250));
      }
      if (think > 0) await new Promise((r) => setTimeout(r, think * (0.5 + Math.random())));
    }
    versions.set(user.id, version);
    stats.counters.set(user.id, n);
  }));
  stats.seconds = (Date.now() - t0) / 1000;
  return stats;
}

/** Figures of a run; `exclude(at)` drops latencies of saves finishing at that time (e.g. during faults). */
export function summarise(name: string, s: LoadStats, exclude: (at: number) => boolean = () => false): Record<string, string | number> {
  const sorted = s.latencies.filter((_, i) => !exclude(s.latencyAt[i] ?? 0)).sort((a, b) => a - b);
  return {
    run: name,
    seconds: Number(s.seconds.toFixed(1)),
    'requests/s': Number((s.saves / s.seconds).toFixed(1)),
    'acknowledged saves': s.acks.length,
    'p50 ms': Number(percentile(sorted, 50).toFixed(1)),
    'p95 ms': Number(percentile(sorted, 95).toFixed(1)),
    'p99 ms': Number(percentile(sorted, 99).toFixed(1)),
    'max ms': Number((sorted.at(-1) ?? NaN).toFixed(1)),
    errors: s.errors.length,
    'errors with a stack trace': s.errors.filter((e) => e.stack).length,
    conflicts: s.conflicts,
    refused: s.refused.length,
  };
}

/** Zero lost writes: every acknowledged save has its audit rows, and each form row equals the replay of its audit rows. */
export async function verifyWrites(cluster: Cluster, users: LoadUser[], acks: Ack[]): Promise<{ lost: Ack[]; mismatches: string[]; pendingKeys: number }> {
  const c = await connectClient(cluster.url, { label: 'resilience load' });
  try {
    const ids = users.map((u) => u.patientId);
    const audited = new Set((await c.query<{ reason: string; patient_id: number }>(
      "SELECT DISTINCT reason, patient_id FROM audit_log WHERE table_name = 'response_forms' AND patient_id = ANY($1)", [ids])).rows
      .map((r) => `${r.patient_id}|${r.reason}`));
    const lost = acks.filter((a) => !audited.has(`${a.patientId}|${a.reason}`));
    const mismatches: string[] = [];
    const rows = (await c.query<{ id: number; patient_id: number; best_response: string | null; assessed_date: string | null; status: string; version: number }>(
      "SELECT id, patient_id, best_response, to_char(assessed_date, 'YYYY-MM-DD') AS assessed_date, status::text, version FROM response_forms WHERE patient_id = ANY($1)", [ids])).rows;
    const last = (await c.query<{ record_id: string; field: string; new_value: string | null }>(
      `SELECT DISTINCT ON (record_id, field) record_id, field, new_value FROM audit_log
       WHERE table_name = 'response_forms' AND patient_id = ANY($1) ORDER BY record_id, field, id DESC`, [ids])).rows;
    const replay = new Map(last.map((r) => [`${r.record_id}|${r.field}`, r.new_value]));
    for (const row of rows) {
      for (const [field, value] of [['best_response', row.best_response], ['assessed_date', row.assessed_date], ['status', row.status]] as const) {
        const fromLog = replay.get(`${row.id}|${field}`) ?? null;
        if (fromLog !== value) mismatches.push(`response_forms#${row.id}.${field}: table ${value} ≠ audit ${fromLog}`);
      }
    }
    // Each user's last acknowledged version is at most the stored one (a later, unacknowledged save may have committed).
    const lastAck = new Map<number, Ack>();
    for (const a of acks) lastAck.set(a.patientId, a);
    for (const row of rows) {
      const a = lastAck.get(row.patient_id);
      if (a && row.version < a.version) mismatches.push(`patient ${row.patient_id}: stored version ${row.version} < acknowledged ${a.version}`);
    }
    const pendingKeys = Number((await c.query<{ n: string }>("SELECT count(*) AS n FROM idempotency_keys WHERE result ? 'pending'")).rows[0]?.n ?? 0);
    return { lost, mismatches, pendingKeys };
  } finally {
    await c.end();
  }
}
