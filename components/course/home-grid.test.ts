import { describe, expect, it } from 'vitest';
import { buildHomeGrid, type HomeGridInput } from './home-grid';

const none = { visit: [], 'adverse-event': [], 'dose-period': [], interruption: [], 'molecular-test': [] };
const forms: HomeGridInput['forms'] = { baseline: null, response: null, discontinuation: null, therapies: null, 'follow-up': null };

describe('buildHomeGrid', () => {
  it('has the five CRFs, then every record kind, with add links only for a writer', () => {
    const rows = buildHomeGrid({ code: 'PL-01-001', forms, course: none, openQueries: [], canWrite: false });
    expect(rows.map((r) => r.key)).toEqual(['baseline', 'response', 'discontinuation', 'therapies', 'follow-up', 'visit', 'adverse-event', 'dose-period', 'interruption', 'molecular-test']);
    expect(rows.slice(0, 5).every((r) => r.cells.length === 1 && r.cells[0]?.status === null)).toBe(true);
    expect(rows.every((r) => r.addHref === null)).toBe(true);
    const writer = buildHomeGrid({ code: 'PL-01-001', forms, course: none, openQueries: [], canWrite: true });
    expect(writer.find((r) => r.key === 'adverse-event')?.addHref).toBe('/patients/PL-01-001/adverse-events/new');
    expect(writer.find((r) => r.key === 'baseline')?.addHref).toBeNull();
  });

  it('orders instances by date (undated last), keeps entered-in-error ones, and counts open queries per instance', () => {
    const ae = (seq: number, onsetDate: string | null, extra: Record<string, unknown> = {}) => ({
      seq, onsetDate, grade: 3, status: 'complete' as const, enteredInError: false, ...extra,
    });
    const rows = buildHomeGrid({
      code: 'PL-01-001', canWrite: true,
      forms: { ...forms, baseline: { status: 'verified', ibrutinibStart: '2015-01-01' } },
      course: { ...none, 'adverse-event': [ae(1, '2015-05-01'), ae(2, null), ae(3, '2015-02-01', { enteredInError: true, status: 'draft' })] },
      openQueries: [{ form: 'adverse-event', recordSeq: 1, open: 2 }, { form: 'baseline', recordSeq: null, open: 1 }, { form: 'visit', recordSeq: 1, open: 5 }],
    });
    const baseline = rows.find((r) => r.key === 'baseline')?.cells[0];
    expect(baseline).toMatchObject({ href: '/patients/PL-01-001/baseline', date: '2015-01-01', status: 'verified', openQueries: 1 });
    const cells = rows.find((r) => r.key === 'adverse-event')?.cells ?? [];
    expect(cells.map((c) => [c.seq, c.date, c.enteredInError, c.openQueries, c.note])).toEqual([
      [3, '2015-02-01', true, 0, 'grade 3'], [1, '2015-05-01', false, 2, 'grade 3'], [2, null, false, 0, 'grade 3'],
    ]);
    expect(cells[1]?.href).toBe('/patients/PL-01-001/adverse-events/1');
  });
});
