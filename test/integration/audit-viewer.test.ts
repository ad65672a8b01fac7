import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditLog } from '@/db/schema';
import { auditFilterOptions } from '@/lib/services/audit/audit-filter-options';
import { exportAuditEvents } from '@/lib/services/audit/export-audit-events';
import { listAuditEvents, queryAuditEvents } from '@/lib/services/audit/list-audit-events';
import { makeCentre, makePatient, makeUser, principal } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

async function setup() {
  const { db } = database;
  const c1 = await makeCentre(db, 'PL-01');
  const c2 = await makeCentre(db, 'PL-02');
  const coord = await makeUser(db, { email: 'coord@x.org', role: 'coordinator' });
  const inv = await makeUser(db, { email: 'inv@x.org', role: 'investigator', centreId: c1.id });
  for (let i = 1; i <= 6; i++) await makePatient(db, i % 2 ? c1 : c2, i, coord.id);
  // Many events in the same microsecond-free instant: keyset must still neither skip nor repeat.
  await db.execute(sql`INSERT INTO audit_log (at, actor_id, actor_label, action, table_name, centre_id)
    SELECT timestamptz '2025-05-05 10:00:00.123456+00', ${coord.id}, 'coord@x.org', 'data_export', 'patients', ${c2.id} FROM generate_series(1, 120)`);
  return { c1, c2, coord, inv };
}

describe('audit viewer', () => {
  it('pages through every event exactly once with keyset cursors', async () => {
    const { coord } = await setup();
    const total = (await database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]?.n ?? 0;
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await queryAuditEvents(database.db, principal(coord), { cursor }, 17);
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('filters by centre, patient, table, action, user and date', async () => {
    const { coord, c2 } = await setup();
    const p = principal(coord);
    const byCentre = await listAuditEvents(database.db, p, { centreId: c2.id, action: 'data_export' });
    expect(byCentre.rows.length).toBe(50);
    expect(byCentre.rows.every((r) => r.centreCode === 'PL-02' && r.action === 'data_export')).toBe(true);
    const byPatient = await listAuditEvents(database.db, p, { patient: 'PL-01-003' });
    expect(byPatient.rows.length).toBeGreaterThan(0);
    expect(byPatient.rows.every((r) => r.patientCode === 'PL-01-003' && r.tableName === 'patients')).toBe(true);
    const byDate = await listAuditEvents(database.db, p, { from: '2025-05-05', to: '2025-05-05' });
    expect(byDate.rows.every((r) => r.atUtc.startsWith('2025-05-05'))).toBe(true);
    const none = await listAuditEvents(database.db, p, { actorId: 99999 });
    expect(none.rows).toEqual([]);
  });

  it('offers every action and table the services write (form_signed, access_denied, dashboard, …) in the filters', async () => {
    const { coord } = await setup();
    const options = await auditFilterOptions(database.db, principal(coord));
    for (const a of ['insert', 'update', 'form_signed', 'form_unlocked', 'signature_failed', 'access_denied', 'login_throttled',
      'dashboard_csv_export', 'user_deactivated', 'centre_reactivated']) expect(options.actions).toContain(a);
    for (const t of ['dashboard', 'audit_log', 'baseline_forms', 'users']) expect(options.tables).toContain(t);
  });

  it('is refused to investigators', async () => {
    const { inv } = await setup();
    await expect(listAuditEvents(database.db, principal(inv), {})).rejects.toThrow(/not allowed/);
  });

  it('exports the filtered events as CSV and audits the export', async () => {
    const { coord, c2 } = await setup();
    const out = await exportAuditEvents(database.db, { ...principal(coord), email: coord.email }, { centreId: c2.id, action: 'data_export' });
    expect(out.rows).toBe(120);
    expect(out.body.trim().split('\n')).toHaveLength(121);
    const ev = await database.db.select().from(auditLog).where(eq(auditLog.action, 'audit_export'));
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ actorId: coord.id, details: expect.objectContaining({ rows: 120 }) });
  });
});
