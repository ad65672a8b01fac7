import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { baselineForms, dataQueries, discontinuationForms, followUpForms, patients, responseForms, therapyForms } from '@/db/schema';
import type { Principal } from '@/lib/auth/permissions';
import { countPatientsForUser, listPatientsForUser, PATIENT_PAGE_SIZE, type PatientListRequest } from '@/lib/services/patients/read-patients';
import { makeCentre, makeUser, principal } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

/** Centres PL-01 and PL-02, an investigator of each and a coordinator. */
async function twoCentres() {
  const { db } = database;
  const a = await makeCentre(db, 'PL-01');
  const b = await makeCentre(db, 'PL-02');
  const invA = await makeUser(db, { email: 'a@x.org', role: 'investigator', centreId: a.id });
  const invB = await makeUser(db, { email: 'b@x.org', role: 'investigator', centreId: b.id });
  const coord = await makeUser(db, { email: 'c@x.org', role: 'coordinator' });
  return { a, b, invA, invB, coord };
}

describe('patients list', () => {
  it('pages by pseudonym id, counts every match, and stays inside the caller\'s centre', async () => {
    const { db } = database;
    const { a, b, invA, invB, coord } = await twoCentres();
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: invA.id, label: invA.email });
      await tx.insert(patients).values(Array.from({ length: 150 }, (_, i) => ({
        code: `PL-01-${String(i + 1).padStart(3, '0')}`, centreId: a.id, seq: i + 1, sex: 'male' as const, birthYear: 1950,
      })));
      await tx.insert(patients).values({ code: 'PL-02-001', centreId: b.id, seq: 1, sex: 'female', birthYear: 1960 });
    });
    const p1 = await listPatientsForUser(db, principal(invA), {}, 1);
    const p2 = await listPatientsForUser(db, principal(invA), {}, 2);
    expect(p1).toHaveLength(PATIENT_PAGE_SIZE);
    expect(p2).toHaveLength(150 - PATIENT_PAGE_SIZE);
    expect(p1[0]?.code).toBe('PL-01-001');
    expect(p2[0]?.code).toBe(`PL-01-${String(PATIENT_PAGE_SIZE + 1).padStart(3, '0')}`);
    expect(new Set([...p1, ...p2].map((r) => r.code)).size).toBe(150);
    expect(await countPatientsForUser(db, principal(invA), {})).toBe(150);
    expect(await countPatientsForUser(db, principal(invB), {})).toBe(1);
    expect(await countPatientsForUser(db, principal(invB), { centreCode: 'PL-01' })).toBe(0);
    expect(await countPatientsForUser(db, principal(coord), {})).toBe(151);
    expect(await countPatientsForUser(db, principal(coord), { search: '-14' })).toBe(10);
  });

  it('the status summary counts a draft discontinuation or subsequent-therapies form as incomplete', async () => {
    const { db } = database;
    const a = await makeCentre(db, 'PL-01');
    const inv = await makeUser(db, { email: 'a@x.org', role: 'investigator', centreId: a.id });
    const ids = await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: inv.id, label: inv.email });
      const rows = await tx.insert(patients).values([1, 2, 3].map((i) => ({ code: `PL-01-00${i}`, centreId: a.id, seq: i, sex: 'male' as const, birthYear: 1950 })))
        .returning({ id: patients.id });
      for (const { id } of rows) {
        await tx.insert(baselineForms).values({ patientId: id, ibrutinibStart: '2018-01-01', status: 'complete' });
        await tx.insert(responseForms).values({ patientId: id, bestResponse: 'PR', assessedDate: '2018-06-01', status: 'complete' });
        await tx.insert(followUpForms).values({ patientId: id, vitalStatus: 'alive', lastContactDate: '2019-06-01', status: 'complete' });
      }
      return rows.map((r) => r.id);
    });
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: inv.id, label: inv.email });
      await tx.insert(discontinuationForms).values({ patientId: ids[1] ?? -1, lastDoseDate: '2019-01-01', reason: 'progression', progressionType: 'CLL', status: 'draft' });
      await tx.insert(discontinuationForms).values({ patientId: ids[2] ?? -1, lastDoseDate: '2019-01-01', reason: 'progression', progressionType: 'CLL', status: 'complete' });
      await tx.insert(therapyForms).values({ patientId: ids[2] ?? -1, status: 'draft' });
    });
    const list = await listPatientsForUser(db, principal(inv), {}, 1);
    expect(list.map((r) => [r.code, r.incompleteForms])).toEqual([['PL-01-001', 0], ['PL-01-002', 1], ['PL-01-003', 1]]);
    // The "CRFs incomplete" filter applies the same rule in SQL, including a required form back in draft.
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: inv.id, label: inv.email });
      await tx.update(followUpForms).set({ status: 'draft' }).where(eq(followUpForms.patientId, ids[0] ?? -1));
    });
    expect((await listPatientsForUser(db, principal(inv), { incomplete: true }, 1)).map((r) => r.code)).toEqual(['PL-01-001', 'PL-01-002', 'PL-01-003']);
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: inv.id, label: inv.email });
      await tx.update(followUpForms).set({ status: 'verified' }).where(eq(followUpForms.patientId, ids[0] ?? -1));
      await tx.update(discontinuationForms).set({ status: 'complete' }).where(eq(discontinuationForms.patientId, ids[1] ?? -1));
    });
    expect((await listPatientsForUser(db, principal(inv), { incomplete: true }, 1)).map((r) => r.code)).toEqual(['PL-01-003']);
  });
});

describe('patients list filters and sort', () => {
  /**
   * Six patients in two centres, each filter value matching a different subset:
   *   PL-01-001 active, start 2018, alive, complete, no queries
   *   PL-01-002 withdrawn, start 2017, dead, discontinued, 2 open (1 open + 1 answered) + 1 closed
   *   PL-01-003 entered in error, no forms
   *   PL-01-004 active, start 2019, vital unknown, discontinuation draft, 1 closed query
   *   PL-02-001 active, start 2016, alive, discontinued, 3 open queries
   *   PL-02-002 withdrawn, no forms, 1 open query
   */
  async function seed() {
    const { db } = database;
    const { a, b, invA, invB, coord } = await twoCentres();
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: coord.id, label: coord.email });
      const spec = [
        { code: 'PL-01-001', c: a.id, status: 'active', start: '2018-03-01', vital: 'alive', disc: null, queries: [] },
        { code: 'PL-01-002', c: a.id, status: 'withdrawn', start: '2017-01-01', vital: 'dead', disc: 'complete', queries: ['open', 'answered', 'closed'] },
        { code: 'PL-01-003', c: a.id, status: 'entered_in_error', start: null, vital: null, disc: null, queries: [] },
        { code: 'PL-01-004', c: a.id, status: 'active', start: '2019-05-01', vital: 'unknown', disc: 'draft', queries: ['closed'] },
        { code: 'PL-02-001', c: b.id, status: 'active', start: '2016-01-01', vital: 'alive', disc: 'complete', queries: ['open', 'open', 'answered'] },
        { code: 'PL-02-002', c: b.id, status: 'withdrawn', start: null, vital: null, disc: null, queries: ['open'] },
      ] as const;
      for (const [i, p] of spec.entries()) {
        const [row] = await tx.insert(patients).values({ code: p.code, centreId: p.c, seq: i + 1, sex: 'female', birthYear: 1950, status: p.status })
          .returning({ id: patients.id });
        const id = row?.id ?? -1;
        if (p.start) {
          await tx.insert(baselineForms).values({ patientId: id, ibrutinibStart: p.start, status: 'complete' });
          await tx.insert(responseForms).values({ patientId: id, bestResponse: 'PR', assessedDate: '2020-01-01', status: 'complete' });
        }
        if (p.vital) await tx.insert(followUpForms).values({ patientId: id, vitalStatus: p.vital, lastContactDate: '2021-01-01', status: 'complete' });
        if (p.disc) await tx.insert(discontinuationForms).values({ patientId: id, lastDoseDate: '2020-06-01', reason: 'progression', progressionType: 'CLL', status: p.disc });
        for (const s of p.queries) await tx.insert(dataQueries).values({ patientId: id, form: 'baseline', field: 'ecog', question: 'ECOG?', status: s, raisedBy: coord.id });
      }
    });
    return { invA: principal(invA), invB: principal(invB), coord: principal(coord) };
  }
  const codes = async (who: Principal, f: PatientListRequest) => {
    const rows = (await listPatientsForUser(database.db, who, f, 1)).map((r) => r.code);
    // The count (for paging) applies the very same conditions.
    expect(await countPatientsForUser(database.db, who, f)).toBe(rows.length);
    return rows;
  };

  it('filters by record status, discontinued, vital status, open queries and incomplete CRFs', async () => {
    const { coord } = await seed();
    expect(await codes(coord, { status: 'active' })).toEqual(['PL-01-001', 'PL-01-004', 'PL-02-001']);
    expect(await codes(coord, { status: 'withdrawn' })).toEqual(['PL-01-002', 'PL-02-002']);
    expect(await codes(coord, { status: 'entered_in_error' })).toEqual(['PL-01-003']);
    expect(await codes(coord, { discontinued: true })).toEqual(['PL-01-002', 'PL-01-004', 'PL-02-001']);
    expect(await codes(coord, { discontinued: false })).toEqual(['PL-01-001', 'PL-01-003', 'PL-02-002']);
    expect(await codes(coord, { vital: 'alive' })).toEqual(['PL-01-001', 'PL-02-001']);
    expect(await codes(coord, { vital: 'dead' })).toEqual(['PL-01-002']);
    expect(await codes(coord, { vital: 'unknown' })).toEqual(['PL-01-004']);
    // Answered queries are still open (only a coordinator's close ends one), as the list's count says.
    expect(await codes(coord, { openQueries: true })).toEqual(['PL-01-002', 'PL-02-001', 'PL-02-002']);
    expect(await codes(coord, { incomplete: true })).toEqual(['PL-01-003', 'PL-01-004', 'PL-02-002']);
    // Filters combine with AND, and with the centre filter.
    expect(await codes(coord, { status: 'active', discontinued: true })).toEqual(['PL-01-004', 'PL-02-001']);
    expect(await codes(coord, { openQueries: true, centreCode: 'PL-02' })).toEqual(['PL-02-001', 'PL-02-002']);
    const all = await listPatientsForUser(database.db, coord, {}, 1);
    expect(all.map((r) => [r.code, r.openQueries])).toEqual([
      ['PL-01-001', 0], ['PL-01-002', 2], ['PL-01-003', 0], ['PL-01-004', 0], ['PL-02-001', 3], ['PL-02-002', 1]]);
  });

  it('sorts by patient id (default), centre, ibrutinib start and open-query count, both ways, ties by id', async () => {
    const { coord } = await seed();
    const ids = ['PL-01-001', 'PL-01-002', 'PL-01-003', 'PL-01-004', 'PL-02-001', 'PL-02-002'];
    expect(await codes(coord, {})).toEqual(ids);
    expect(await codes(coord, { sort: 'code', dir: 'desc' })).toEqual([...ids].reverse());
    expect(await codes(coord, { sort: 'centre', dir: 'asc' })).toEqual(ids);
    expect(await codes(coord, { sort: 'centre', dir: 'desc' })).toEqual(['PL-02-001', 'PL-02-002', 'PL-01-001', 'PL-01-002', 'PL-01-003', 'PL-01-004']);
    // No ibrutinib start: last, whichever way.
    expect(await codes(coord, { sort: 'ibrutinib', dir: 'asc' })).toEqual(['PL-02-001', 'PL-01-002', 'PL-01-001', 'PL-01-004', 'PL-01-003', 'PL-02-002']);
    expect(await codes(coord, { sort: 'ibrutinib', dir: 'desc' })).toEqual(['PL-01-004', 'PL-01-001', 'PL-01-002', 'PL-02-001', 'PL-01-003', 'PL-02-002']);
    expect(await codes(coord, { sort: 'queries', dir: 'desc' })).toEqual(['PL-02-001', 'PL-01-002', 'PL-02-002', 'PL-01-001', 'PL-01-003', 'PL-01-004']);
    expect(await codes(coord, { sort: 'queries', dir: 'asc' })).toEqual(['PL-01-001', 'PL-01-003', 'PL-01-004', 'PL-02-002', 'PL-01-002', 'PL-02-001']);
    expect(await codes(coord, { sort: 'queries', dir: 'desc', status: 'withdrawn' })).toEqual(['PL-01-002', 'PL-02-002']);
  });

  it('an investigator never gets another centre\'s rows, whatever the parameters', async () => {
    const { invA, invB } = await seed();
    const variants: PatientListRequest[] = [
      {}, { centreCode: 'PL-02' }, { centreCode: 'PL-01' }, { search: 'PL-02' },
      ...(['active', 'withdrawn', 'entered_in_error'] as const).map((status) => ({ status })),
      { discontinued: true }, { discontinued: false },
      ...(['alive', 'dead', 'unknown'] as const).map((vital) => ({ vital })),
      { openQueries: true }, { incomplete: true },
      ...(['code', 'centre', 'ibrutinib', 'queries'] as const).flatMap((sort) => (['asc', 'desc'] as const).map((dir) => ({ sort, dir }))),
      // Even a caller that smuggles a scope in gets the user's own (the service sets it last).
      { centreIds: null } as PatientListRequest,
    ];
    for (const f of variants) {
      for (const r of await codes(invA, f)) expect(r, JSON.stringify(f)).toMatch(/^PL-01-/);
      for (const r of await codes(invB, f)) expect(r, JSON.stringify(f)).toMatch(/^PL-02-/);
    }
    expect(await codes(invA, { openQueries: true })).toEqual(['PL-01-002']);
    expect(await codes(invB, { openQueries: true, sort: 'queries', dir: 'desc' })).toEqual(['PL-02-001', 'PL-02-002']);
    expect(await codes(invA, { centreCode: 'PL-02', openQueries: true })).toEqual([]);
  });
});
