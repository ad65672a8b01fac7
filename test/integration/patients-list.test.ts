import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { baselineForms, discontinuationForms, followUpForms, patients, responseForms, therapyForms } from '@/db/schema';
import { countPatientsForUser, listPatientsForUser, PATIENT_PAGE_SIZE } from '@/lib/services/patients/read-patients';
import { makeCentre, makeUser, principal } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

describe('patients list', () => {
  it('pages by pseudonym id, counts every match, and stays inside the caller\'s centre', async () => {
    const { db } = database;
    const a = await makeCentre(db, 'PL-01');
    const b = await makeCentre(db, 'PL-02');
    const invA = await makeUser(db, { email: 'a@x.org', role: 'investigator', centreId: a.id });
    const invB = await makeUser(db, { email: 'b@x.org', role: 'investigator', centreId: b.id });
    const coord = await makeUser(db, { email: 'c@x.org', role: 'coordinator' });
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
  });
});
