/**
 * Issue 11 item 13: paging parameters are link parameters anyone can edit. A crafted audit cursor or
 * patient-history page must give a notice and a valid page, never a database error (a 500).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { cursorProblem, decodeCursor, encodeCursor, listAuditEvents, queryAuditEvents } from '@/lib/services/audit/list-audit-events';
import { readPatientHistory } from '@/lib/services/crf/read-crf';
import { makeCentre, makePatient, makeUser, principal } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const CRAFTED = [
  b64('2024-99-99 99:99:99+00|1'), // passes a loose pattern, not a timestamp
  b64('2026-02-30 10:00:00+00|5'), // no such day
  b64('2026-01-01 00:00:00+00|99999999999999999999'), // id beyond bigint
  b64('2026-01-01 00:00:00+00|1|extra'),
  '%%%not-base64%%%',
];

describe('audit viewer cursor', () => {
  it('a crafted cursor is refused with a notice and the newest events are shown, no database error', async () => {
    const { db } = database;
    const coord = await makeUser(db, { email: 'coord@x.org', role: 'coordinator' });
    const c = await makeCentre(db, 'PL-01');
    for (let i = 1; i <= 3; i++) await makePatient(db, c, i, coord.id);
    const newest = await listAuditEvents(db, principal(coord), {});
    for (const cursor of CRAFTED) {
      expect(decodeCursor(cursor)).toBeNull();
      expect(cursorProblem({ cursor })).toMatch(/page link is not valid/);
      const page = await listAuditEvents(db, principal(coord), { cursor });
      expect(page.rows.map((r) => r.id)).toEqual(newest.rows.map((r) => r.id));
    }
  });

  it('a cursor the viewer made still pages (the check refuses nothing real)', async () => {
    const { db } = database;
    const coord = await makeUser(db, { email: 'coord@x.org', role: 'coordinator' });
    const c = await makeCentre(db, 'PL-01');
    for (let i = 1; i <= 4; i++) await makePatient(db, c, i, coord.id);
    const first = await queryAuditEvents(db, principal(coord), {}, 2);
    expect(first.nextCursor).not.toBeNull();
    const cursor = first.nextCursor ?? '';
    expect(cursorProblem({ cursor })).toBeNull();
    const second = await queryAuditEvents(db, principal(coord), { cursor }, 2);
    expect(second.rows[0]?.id).toBeLessThan(first.rows[1]?.id ?? 0);
    expect(decodeCursor(encodeCursor('2026-11-27 10:00:00.123456+01', 7))).toEqual({ at: '2026-11-27 10:00:00.123456+01', id: 7 });
  });
});

describe('patient history page', () => {
  it('a fractional, huge or negative page number shows a valid page instead of failing', async () => {
    const { db } = database;
    const coord = await makeUser(db, { email: 'coord@x.org', role: 'coordinator' });
    const c = await makeCentre(db, 'PL-01');
    const p = await makePatient(db, c, 1, coord.id);
    for (const page of [1.5, Number.POSITIVE_INFINITY, -3, Number.NaN]) {
      const history = await readPatientHistory(db, principal(coord), p.code, page, 5);
      expect(Number.isInteger(history.page)).toBe(true);
      expect(history.page).toBeGreaterThanOrEqual(1);
    }
  });
});
