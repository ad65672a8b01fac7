/**
 * The dictionary's newer fields and missing-data codes through the database: a cohort CSV with TP53,
 * β2-microglobulin and "[code]" cells imports into the form rows (value columns and `<column>_missing`),
 * exports to the same file, re-imports into another database to the same rows, and an update
 * replaces a code by a value (the code cleared).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import { centres } from '@/db/schema';
import { COLUMNS } from '@/lib/exchange/codes';
import { csvHeader } from '@/lib/exchange/csv-format';
import { validateOdm } from '@/lib/exchange/odm-structure';
import { checkAndImport } from '@/lib/services/exchange/check-and-import';
import { exportData } from '@/lib/services/exchange/export-data';
import { makeUser, principal } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

const NOW = new Date('2026-01-02T03:04:05.000Z');
let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

async function admin(db: Db) {
  await db.insert(centres).values({ code: 'PL-01', name: 'Centre one', city: 'Warszawa' });
  const u = await makeUser(db, { email: 'admin@x.org', role: 'admin', centreId: null });
  return { ...principal(u), email: u.email };
}

function csv(rows: Record<string, string | number>[]): string {
  const line = (r: Record<string, string | number>) => COLUMNS.map((c) => {
    const v = r[c.name];
    return v === undefined ? '' : typeof v === 'number' ? String(v) : `"${v}"`;
  }).join(',');
  return [csvHeader(), ...rows.map(line)].join('\n') + '\n';
}

const BASE = { centre: 'PL-01', sex: 'male', birthYear: 1948, ibrutinibStart: '2018-02-01', ecog: 1, raiStage: 'III', del17p: 'present', priorLines: 2 };
const ROWS = [
  { id: 'PL-01-001', ...BASE, tp53: 'mutated', b2m: 4.25, ighv: 'unmutated', bestResponse: 'PR', response_assessedDate: '2018-06-01' },
  { id: 'PL-01-002', ...BASE, tp53: 'not_tested', b2m: '[not_done]', ighv: '[unknown]', priorPurineAnalogue: '[unknown]', bestResponse: 'SD', response_assessedDate: '[unknown]' },
  { id: 'PL-01-003', ...BASE, b2m: '[unknown]', vitalStatus: 'alive', lastContactDate: '2019-01-01' },
];

const baselineRows = async (db: Db) => (await db.execute(sql`
  SELECT p.code, b.tp53::text, b.b2m::text, b.b2m_missing::text, b.ighv::text, b.ighv_missing::text, b.prior_purine_analogue_missing::text AS pa_missing,
    r.assessed_date::text, r.assessed_date_missing::text, r.status::text AS response_status
  FROM baseline_forms b JOIN patients p ON p.id = b.patient_id LEFT JOIN response_forms r ON r.patient_id = p.id ORDER BY p.code`) as unknown as { rows: unknown[] }).rows;

describe('newer dictionary fields and missing-data codes through the database', () => {
  it('import → rows with value and missing-code columns → identical export → identical rows elsewhere; JSON too', async () => {
    const a = database;
    const userA = await admin(a.db);
    const file = csv(ROWS);
    expect(await checkAndImport(a.db, userA, { fileName: 'coded.csv', text: file })).toMatchObject({ ok: true, newPatients: 3 });
    const rowsA = await baselineRows(a.db);
    expect(rowsA).toEqual([
      { code: 'PL-01-001', tp53: 'mutated', b2m: '4.25', b2m_missing: null, ighv: 'unmutated', ighv_missing: null, pa_missing: null,
        assessed_date: '2018-06-01', assessed_date_missing: null, response_status: 'complete' },
      { code: 'PL-01-002', tp53: 'not_tested', b2m: null, b2m_missing: 'not_done', ighv: null, ighv_missing: 'unknown', pa_missing: 'unknown',
        assessed_date: null, assessed_date_missing: 'unknown', response_status: 'complete' },
      { code: 'PL-01-003', tp53: null, b2m: null, b2m_missing: 'unknown', ighv: null, ighv_missing: null, pa_missing: null,
        assessed_date: null, assessed_date_missing: null, response_status: null },
    ]);
    const out = await exportData(a.db, userA, 'csv', NOW);
    // The export is the file (plus the derived columns and the city it fills in).
    const cell = (text: string, id: string, column: string) => {
      const lines = text.trim().split('\n');
      const k = COLUMNS.findIndex((c) => c.name === column);
      return lines.find((l) => l.startsWith(`"${id}"`))?.split(',')[k];
    };
    expect(cell(out.body, 'PL-01-002', 'b2m')).toBe('"[not_done]"');
    expect(cell(out.body, 'PL-01-002', 'response_assessedDate')).toBe('"[unknown]"');
    expect(cell(out.body, 'PL-01-001', 'b2m')).toBe('4.25');
    expect(cell(out.body, 'PL-01-003', 'tp53')).toBe('');
    const json = await exportData(a.db, userA, 'json', NOW);
    const records = (JSON.parse(json.body) as { patients: { id: string; b2m: unknown; missing?: unknown }[] }).patients;
    expect(records.map((p) => [p.id, p.b2m, p.missing ?? null])).toEqual([
      ['PL-01-001', 4.25, null],
      ['PL-01-002', null, { ighv: 'unknown', b2m: 'not_done', priorPurineAnalogue: 'unknown', response_assessedDate: 'unknown' }],
      ['PL-01-003', null, { b2m: 'unknown' }],
    ]);
    const odm = await exportData(a.db, userA, 'odm', NOW);
    expect(validateOdm(odm.body)).toEqual([]);
    expect(odm.body).toMatch(/<ItemData ItemOID="I.B2M_MISSING" TransactionType="Insert" Value="not_done">/);

    // Re-importing the export changes nothing.
    expect(await checkAndImport(a.db, userA, { fileName: 'again.csv', text: out.body })).toMatchObject({ ok: true, unchangedPatients: 3 });

    for (const [name, text] of [['b.csv', out.body], ['b.json', json.body]] as const) {
      const b = await factory.fresh();
      const userB = await admin(b.db);
      expect(await checkAndImport(b.db, userB, { fileName: name, text })).toMatchObject({ ok: true, newPatients: 3 });
      expect(await baselineRows(b.db)).toEqual(rowsA);
      expect((await exportData(b.db, userB, 'csv', NOW)).body).toBe(out.body);
    }
  });

  it('an update replaces a missing-data code by a value and clears the code', async () => {
    const { db } = database;
    const user = await admin(db);
    await checkAndImport(db, user, { fileName: 'v1.csv', text: csv(ROWS) });
    const v2 = csv([ROWS[0] ?? {}, { ...ROWS[1], b2m: 2.5 }, ROWS[2] ?? {}]);
    expect(await checkAndImport(db, user, { fileName: 'v2.csv', text: v2, reason: 'result arrived' })).toMatchObject({ ok: true, updatedPatients: 1, unchangedPatients: 2 });
    const row = (await baselineRows(db)).find((r) => (r as { code: string }).code === 'PL-01-002');
    expect(row).toMatchObject({ b2m: '2.50', b2m_missing: null, ighv_missing: 'unknown' });
  });
});
