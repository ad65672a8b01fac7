/**
 * Groupings and Table 1 rows come from the data dictionary: the select list, the labels users know
 * (unchanged), the new TP53 and CLL-IPI groupings, and the dataset columns a grouping needs.
 */
import { describe, expect, it } from 'vitest';
import { FIELDS, type FieldDef } from '@/lib/dictionary';
import { CLL_IPI_FIELDS } from './cll-ipi';
import { ALL_FIELDS, emptyRow } from './dataset';
import { GROUPINGS, GROUPING_LABELS, groupOf, isOrdinal, ordinalRank, sortLabels, type Grouping } from './endpoints';
import { analysisFields } from './fields';
import { table1 } from './table1';
import type { CohortRow, CutoffPatient } from './types';

const patient = (r: Partial<CohortRow>): CutoffPatient => ({ row: { ...emptyRow(), ...r }, start: 0, discAt: null, deathAt: null, endAt: 100 });

describe('dataset columns', () => {
  it('every stored field of the one-per-patient forms is a column, under its analysis key', () => {
    for (const key of ['sex', 'ageAtStart', 'tp53', 'b2m', 'start', 'discDate', 'discReason', 'lastContact', 'aeOnsetDate']) {
      expect(ALL_FIELDS).toContain(key);
    }
    expect(ALL_FIELDS).not.toContain('ibrutinibStart');
    expect(ALL_FIELDS).not.toContain('aeTermSpecify');
    expect(ALL_FIELDS).not.toContain('regimen');
  });
});

describe('groupings', () => {
  it('lists the fixed groupings, then the dictionary\'s in dictionary order, then the CLL-IPI', () => {
    const fromDictionary = (FIELDS as readonly FieldDef[]).flatMap((f) => (f.analysis?.grouping ? [f.analysis.grouping.key] : []));
    expect(GROUPINGS).toEqual(['none', 'reason', 'progression_type', 'centre', ...fromDictionary, 'cll_ipi']);
    expect(GROUPINGS).toEqual([
      'none', 'reason', 'progression_type', 'centre', 'sex', 'age', 'ecog', 'rai', 'binet', 'del17p', 'ighv', 'tp53',
      'prior_lines', 'best_response', 'cll_ipi',
    ]);
  });
  it('keeps the labels users know', () => {
    expect(GROUPING_LABELS).toMatchObject({
      sex: 'Sex', age: 'Age at start (< 65 / ≥ 65)', ecog: 'ECOG', rai: 'Rai stage', binet: 'Binet stage', del17p: 'del(17p)',
      ighv: 'IGHV', prior_lines: 'Prior lines (1 / 2 / 3 / ≥ 4)', best_response: 'Best response', tp53: 'TP53 mutation',
      cll_ipi: 'CLL-IPI risk group',
    });
  });
  it.each([
    ['sex', { sex: 'female' }, 'female'], ['del17p', { del17p: 'not_tested' }, 'not_tested'], ['ighv', { ighv: 'unmutated' }, 'unmutated'],
    ['tp53', { tp53: 'mutated' }, 'mutated'], ['best_response', { bestResponse: 'PR-L' }, 'PR-L'],
    ['ecog', { ecog: 0 }, 'ECOG 0'], ['ecog', { ecog: 4 }, 'ECOG 4'], ['rai', { raiStage: '0' }, 'Rai 0'], ['rai', { raiStage: 'III' }, 'Rai III'],
    ['binet', { binetStage: 'C' }, 'Binet C'], ['age', { ageAtStart: 64 }, '< 65'], ['age', { ageAtStart: 65 }, '≥ 65'],
    ['prior_lines', { priorLines: 1 }, '1 line'], ['prior_lines', { priorLines: 3 }, '3 lines'], ['prior_lines', { priorLines: 7 }, '≥ 4 lines'],
    ['cll_ipi', { del17p: 'absent', tp53: 'unmutated', ighv: 'mutated', b2m: 3.5, raiStage: '0', ageAtStart: 65 }, 'low (0–1)'],
    ['cll_ipi', { del17p: 'present', ighv: 'unmutated', b2m: 1, raiStage: '0', ageAtStart: 50 }, 'high (4–6)'],
  ] as [Grouping, Partial<CohortRow>, string][])('%s: %j is %s', (g, r, label) => {
    expect(groupOf(patient(r), g)).toBe(label);
  });
  it('leaves patients without a value (or a computable CLL-IPI) out', () => {
    for (const g of GROUPINGS.filter((x) => !['none', 'centre'].includes(x))) expect(groupOf(patient({}), g)).toBeNull();
  });
  it('orders ordinal groupings by rank: ECOG, Rai, Binet, age, prior lines, CLL-IPI', () => {
    expect(GROUPINGS.filter(isOrdinal)).toEqual(['age', 'ecog', 'rai', 'binet', 'prior_lines', 'cll_ipi']);
    expect(sortLabels('rai', ['Rai IV', 'Rai 0', 'Rai II'])).toEqual(['Rai 0', 'Rai II', 'Rai IV']);
    expect(sortLabels('prior_lines', ['≥ 4 lines', '1 line', '3 lines'])).toEqual(['1 line', '3 lines', '≥ 4 lines']);
    expect(sortLabels('cll_ipi', ['very high (7–10)', 'low (0–1)', 'high (4–6)', 'intermediate (2–3)']))
      .toEqual(['low (0–1)', 'intermediate (2–3)', 'high (4–6)', 'very high (7–10)']);
    expect(ordinalRank('ecog', 'ECOG 3')).toBe(3);
    expect(ordinalRank('sex', 'male')).toBeNull();
  });
  it('fetches the fields a grouping reads', () => {
    expect(analysisFields('tp53')).toContain('tp53');
    expect(analysisFields('age')).toContain('ageAtStart');
    for (const f of CLL_IPI_FIELDS) expect(analysisFields('cll_ipi')).toContain(f);
    expect(analysisFields('centre')).toEqual(analysisFields('none'));
  });
});

describe('Table 1 rows from the dictionary', () => {
  const ps = [
    patient({ sex: 'male', ageAtStart: 70, ecog: 1, raiStage: 'II', del17p: 'absent', ighv: 'mutated', tp53: 'unmutated', b2m: 3.2, priorLines: 2, bestResponse: 'PR' }),
    patient({ sex: 'female', ageAtStart: 60, ecog: 0, raiStage: '0', del17p: 'present', ighv: 'unmutated', tp53: null, b2m: 3.25, priorLines: 4, bestResponse: 'CR' }),
    patient({ sex: 'female', ageAtStart: 50, ecog: 2, raiStage: 'IV', del17p: 'not_tested', ighv: null, tp53: 'mutated', b2m: null, priorLines: 1 }),
  ];
  const t = table1(ps, 'All');
  const keys = t.rows.map((r) => r.key);
  const cellOf = (key: string) => t.rows.find((r) => r.key === key)?.cells;
  it('puts TP53, β2-microglobulin and the CLL-IPI after the other baseline rows and before prior lines', () => {
    const heads = t.rows.filter((r) => r.indent === 0).map((r) => r.key);
    expect(heads).toEqual(['sex', 'age', 'ecog', 'rai', 'del17p', 'ighv', 'tp53', 'b2m', 'cll_ipi', 'lines', 'time_on_ibrutinib', 'response']);
  });
  it('counts code-list levels with short labels, plus not recorded', () => {
    expect(cellOf('tp53')).toEqual(['TP53 mutation', '']);
    expect(cellOf('tp53.mutated')).toEqual(['mutated', '1 (33.3%)']);
    expect(cellOf('tp53.not_tested')).toEqual(['not tested', '0 (0.0%)']);
    expect(cellOf('tp53.missing')).toEqual(['not recorded', '1 (33.3%)']);
    expect(keys).not.toContain('sex.missing');
  });
  it('gives β2-microglobulin as median (range) without float noise', () => {
    expect(cellOf('b2m')).toEqual(['β2-microglobulin, mg/L, median (range)', '3.225 (3.2–3.25)']);
  });
  it('gives the CLL-IPI risk groups with not computable', () => {
    // Patient 1: 0 + 0 + 0 + 1 (Rai II) + 1 (70) = 2; patient 2: 4 + 2 + 0 + 0 + 0 = 6; patient 3: IGHV and β2M missing.
    expect(cellOf('cll_ipi.intermediate')).toEqual(['intermediate (2–3)', '1 (33.3%)']);
    expect(cellOf('cll_ipi.high')).toEqual(['high (4–6)', '1 (33.3%)']);
    expect(cellOf('cll_ipi.not_computable')).toEqual(['not computable', '1 (33.3%)']);
  });
});
